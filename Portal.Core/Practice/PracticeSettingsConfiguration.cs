using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Practice;

internal sealed class PracticeSettingsConfiguration : IEntityTypeConfiguration<PracticeSettings>
{
    public void Configure(EntityTypeBuilder<PracticeSettings> settings)
    {
        settings.HasKey(s => s.Id);
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.TimeZone).HasMaxLength(64);
        settings.Property(s => s.DefaultPhoneRegion).HasMaxLength(2);
        settings.Property(s => s.PracticeName).HasMaxLength(120);
        settings.Property(s => s.TherapistName).HasMaxLength(120);
        settings.Property(s => s.TherapistEmail).HasMaxLength(254);
        settings.Property(s => s.Credentials).HasMaxLength(PracticeSettingsChange.MaxCredentials);
        settings.Property(s => s.Tagline).HasMaxLength(PracticeSettingsChange.MaxTagline);
        settings.Property(s => s.Introduction).HasMaxLength(PracticeSettingsChange.MaxIntroduction);
        settings.Property(s => s.ContactEmail).HasMaxLength(254);
        settings.Property(s => s.AccentColour).HasMaxLength(7);
        settings.Property(s => s.VideoCallLink).HasMaxLength(500);
        settings.Property(s => s.WelcomeMessage).HasMaxLength(4000);
        settings.ToTable(t =>
        {
            t.HasCheckConstraint("ck_practice_settings_single_row", $"id = {PracticeSettings.SingletonId}");
            t.HasCheckConstraint("ck_practice_settings_horizon", "booking_horizon_days BETWEEN 1 AND 730");
            t.HasCheckConstraint("ck_practice_settings_step", "slot_step_minutes BETWEEN 5 AND 240");
            t.HasCheckConstraint("ck_practice_settings_accent", $"accent_colour ~ '{PracticeColour.Pattern}'");
        });
    }
}
