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
        settings.ToTable(t =>
        {
            t.HasCheckConstraint("ck_practice_settings_single_row", $"id = {PracticeSettings.SingletonId}");
            t.HasCheckConstraint("ck_practice_settings_horizon", "booking_horizon_days BETWEEN 1 AND 730");
            t.HasCheckConstraint("ck_practice_settings_step", "slot_step_minutes BETWEEN 5 AND 240");
        });
    }
}
