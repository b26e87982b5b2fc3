using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Bookings;

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    /// <summary>Created by the migration (EF cannot describe it): no two time-holding bookings overlap, buffers included.</summary>
    public const string NoOverlapConstraint = "ex_bookings_no_overlap";

    public void Configure(EntityTypeBuilder<Booking> booking)
    {
        booking.HasKey(b => b.Id);
        booking.HasOne(b => b.Client).WithMany().HasForeignKey(b => b.ClientId).OnDelete(DeleteBehavior.Restrict);
        booking.HasOne(b => b.SessionType).WithMany().HasForeignKey(b => b.SessionTypeId).OnDelete(DeleteBehavior.Restrict);
        booking.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        booking.Property(b => b.CancellationKind).HasConversion<string>().HasMaxLength(20);
        booking.Property(b => b.ClientNote).HasMaxLength(BookingDesk.MaxNoteLength);
        booking.HasIndex(b => new { b.StartsAt, b.Status });
        booking.HasIndex(b => new { b.ClientId, b.StartsAt });
        // The calendar's reads ask what overlaps a window: ending after its start comes first, so the practice's history
        // (most of the table, after a few years) is skipped rather than scanned by every search and booking.
        booking.HasIndex(b => new { b.OccupiedUntil, b.OccupiedFrom });
        booking.Property<uint>("xmin").IsRowVersion();
        booking.ToTable(t =>
        {
            t.HasCheckConstraint("ck_bookings_times", "starts_at < ends_at AND occupied_from <= starts_at AND ends_at <= occupied_until");
            t.HasCheckConstraint("ck_bookings_hold", "status <> 'PendingPayment' OR hold_expires_at IS NOT NULL");
        });
    }
}
