using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Clients;

namespace Portal.Core.Waitlist;

internal sealed class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public void Configure(EntityTypeBuilder<WaitlistEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.HasOne<Client>().WithMany().HasForeignKey(e => e.ClientId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne(e => e.SessionType).WithMany().HasForeignKey(e => e.SessionTypeId).OnDelete(DeleteBehavior.Restrict);
        entry.Property(e => e.PartsOfDay).HasConversion<int>();
        entry.Property(e => e.TimeZone).HasMaxLength(64);
        entry.HasIndex(e => new { e.ClientId, e.JoinedAt });
        entry.HasIndex(e => e.JoinedAt).HasFilter("booked_at IS NULL");
        entry.ToTable(t =>
        {
            t.HasCheckConstraint("ck_waitlist_entries_days", "first_day <= last_day");
            t.HasCheckConstraint("ck_waitlist_entries_parts", "parts_of_day BETWEEN 1 AND 7");
        });
    }
}

internal sealed class WaitlistOfferConfiguration : IEntityTypeConfiguration<WaitlistOffer>
{
    /// <summary>Created by the migration (EF cannot describe it): no two open offers over the same time, buffers included.</summary>
    public const string NoOverlapConstraint = "ex_waitlist_offers_no_overlap";

    public void Configure(EntityTypeBuilder<WaitlistOffer> offer)
    {
        offer.HasKey(o => o.Id);
        offer.HasOne<WaitlistEntry>().WithMany().HasForeignKey(o => o.EntryId).OnDelete(DeleteBehavior.Cascade);
        offer.HasOne<Client>().WithMany().HasForeignKey(o => o.ClientId).OnDelete(DeleteBehavior.Cascade);
        offer.Property(o => o.Status).HasConversion<string>().HasMaxLength(10);
        offer.HasIndex(o => new { o.EntryId, o.StartsAt }).IsUnique();
        // One open offer per entry at a time.
        offer.HasIndex(o => o.EntryId).IsUnique().HasFilter("status = 'Open'").HasDatabaseName("ix_waitlist_offers_one_open_per_entry");
        offer.HasIndex(o => o.ExpiresAt).HasFilter("status = 'Open'");
        offer.HasIndex(o => o.ClientId);
        offer.ToTable(t => t.HasCheckConstraint("ck_waitlist_offers_times", "occupied_from <= starts_at AND starts_at < ends_at AND ends_at <= occupied_until"));
    }
}
