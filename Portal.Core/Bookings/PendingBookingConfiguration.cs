using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Identity;

namespace Portal.Core.Bookings;

internal sealed class PendingBookingConfiguration : IEntityTypeConfiguration<PendingBooking>
{
    public void Configure(EntityTypeBuilder<PendingBooking> pending)
    {
        pending.HasKey(p => p.Id);
        pending.HasOne(p => p.SessionType).WithMany().HasForeignKey(p => p.SessionTypeId).OnDelete(DeleteBehavior.Restrict);
        pending.HasOne<MagicLink>().WithMany().HasForeignKey(p => p.LinkId).OnDelete(DeleteBehavior.Cascade);
        pending.HasIndex(p => p.LinkId).IsUnique();
        pending.HasIndex(p => p.EmailKey);
        pending.HasIndex(p => new { p.OccupiedUntil, p.OccupiedFrom });
        pending.Ignore(p => p.Contact);
        pending.Property(p => p.EmailKey).HasMaxLength(254);
        pending.Property(p => p.Name).HasMaxLength(120);
        pending.Property(p => p.Email).HasMaxLength(254);
        pending.Property(p => p.Phone).HasMaxLength(20);
        pending.Property(p => p.TimeZone).HasMaxLength(64);
        pending.Property(p => p.PrivacyNoticeVersion).HasMaxLength(40);
        pending.ToTable(t => t.HasCheckConstraint("ck_pending_bookings_times", "occupied_from <= starts_at AND starts_at < occupied_until"));
    }
}
