using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Bookings;
using Portal.Core.Clients;

namespace Portal.Core.Notes;

internal sealed class SessionNoteConfiguration : IEntityTypeConfiguration<SessionNote>
{
    public void Configure(EntityTypeBuilder<SessionNote> note)
    {
        note.HasKey(n => n.Id);
        note.HasIndex(n => new { n.ClientId, n.CreatedAt });
        note.HasIndex(n => n.AmendsNoteId);
        note.Property(n => n.Structure).HasConversion<string>().HasMaxLength(16);
        // A clinical record never goes with a row by accident: removing a client with notes is refused.
        note.HasOne<Client>().WithMany().HasForeignKey(n => n.ClientId).OnDelete(DeleteBehavior.Restrict);
        note.HasOne<Booking>().WithMany().HasForeignKey(n => n.BookingId).OnDelete(DeleteBehavior.SetNull);
        note.HasOne<SessionNote>().WithMany().HasForeignKey(n => n.AmendsNoteId).OnDelete(DeleteBehavior.Restrict);
        note.Ignore(n => n.IsSigned);
        note.Ignore(n => n.SealingPlace);
    }
}
