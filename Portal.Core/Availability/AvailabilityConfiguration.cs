using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Availability;

internal sealed class WorkingHoursConfiguration : IEntityTypeConfiguration<WorkingHours>
{
    public void Configure(EntityTypeBuilder<WorkingHours> hours)
    {
        hours.HasKey(h => h.Id);
        hours.HasIndex(h => h.Day);
        hours.ToTable(t => t.HasCheckConstraint("ck_working_hours_order", "start < \"end\""));
    }
}

internal sealed class AvailabilityExceptionConfiguration : IEntityTypeConfiguration<AvailabilityException>
{
    public void Configure(EntityTypeBuilder<AvailabilityException> exception)
    {
        exception.HasKey(e => e.Id);
        exception.HasIndex(e => e.Date);
        exception.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        exception.Property(e => e.Note).HasMaxLength(200);
        exception.ToTable(t => t.HasCheckConstraint("ck_availability_exceptions_range",
            "(kind = 'DayOff' AND start IS NULL AND \"end\" IS NULL) OR (kind = 'ExtraHours' AND start < \"end\")"));
    }
}

internal sealed class BlockedPeriodConfiguration : IEntityTypeConfiguration<BlockedPeriod>
{
    public void Configure(EntityTypeBuilder<BlockedPeriod> blocked)
    {
        blocked.HasKey(b => b.Id);
        // Every read is "overlaps a window": ending after its start comes first, so the past (most rows, in time) is skipped.
        blocked.HasIndex(b => new { b.End, b.Start });
        blocked.HasIndex(b => new { b.Source, b.ExternalId }).IsUnique();
        blocked.Property(b => b.Source).HasMaxLength(200);
        blocked.Property(b => b.ExternalId).HasMaxLength(1024);
        blocked.ToTable(t => t.HasCheckConstraint("ck_blocked_periods_order", "start < \"end\""));
    }
}
