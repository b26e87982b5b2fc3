using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Bookings;

internal sealed class SessionTypeConfiguration : IEntityTypeConfiguration<SessionType>
{
    public void Configure(EntityTypeBuilder<SessionType> sessionType)
    {
        sessionType.HasKey(t => t.Id);
        sessionType.HasIndex(t => t.Slug).IsUnique();
        sessionType.Property(t => t.Slug).HasMaxLength(80);
        sessionType.Property(t => t.Name).HasMaxLength(120);
        sessionType.Property(t => t.Description).HasMaxLength(2000);
        sessionType.Property(t => t.Currency).HasMaxLength(3).IsFixedLength();
        sessionType.Property(t => t.Mode).HasConversion<string>().HasMaxLength(20);
        sessionType.ToTable(t =>
        {
            t.HasCheckConstraint("ck_session_types_duration_positive", "duration > interval '0'");
            t.HasCheckConstraint("ck_session_types_price_not_negative", "price_minor_units >= 0");
            t.HasCheckConstraint("ck_session_types_buffers_not_negative",
                "buffer_before >= interval '0' AND buffer_after >= interval '0'");
        });
    }
}
