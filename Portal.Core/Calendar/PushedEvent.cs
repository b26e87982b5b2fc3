using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Bookings;

namespace Portal.Core.Calendar;

/// <summary>A booking's event in her Google calendar: where it is, and the Meet link Google made for an online session.</summary>
public sealed class PushedEvent
{
    public Guid BookingId { get; set; }

    public string CalendarId { get; set; } = "";

    public string EventId { get; set; } = "";

    public string? MeetLink { get; set; }

    public DateTimeOffset PushedAt { get; set; }
}

internal sealed class PushedEventConfiguration : IEntityTypeConfiguration<PushedEvent>
{
    public void Configure(EntityTypeBuilder<PushedEvent> pushed)
    {
        pushed.HasKey(p => p.BookingId);
        pushed.HasOne<Booking>().WithOne().HasForeignKey<PushedEvent>(p => p.BookingId).OnDelete(DeleteBehavior.Cascade);
        pushed.Property(p => p.CalendarId).HasMaxLength(1024);
        pushed.Property(p => p.EventId).HasMaxLength(1024);
        pushed.Property(p => p.MeetLink).HasMaxLength(500);
    }
}

/// <summary>Event ids the portal chooses: a booking's id in base32hex (Google's alphabet a–v, 0–9), so a retried insert is a duplicate, never a second event.</summary>
public static class EventIds
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuv";

    public static string Of(Guid bookingId)
    {
        Span<byte> bytes = stackalloc byte[16];
        bookingId.TryWriteBytes(bytes, bigEndian: true, out _);
        var text = new System.Text.StringBuilder(26);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}

public static class MeetLinks
{
    /// <summary>Meet links of these bookings (those pushed to Google with one).</summary>
    public static Task<Dictionary<Guid, string>> MeetLinksAsync(this Data.PortalDb db, IReadOnlyCollection<Guid> bookingIds, CancellationToken cancellationToken) =>
        db.PushedEvents.AsNoTracking()
            .Where(p => bookingIds.Contains(p.BookingId) && p.MeetLink != null)
            .ToDictionaryAsync(p => p.BookingId, p => p.MeetLink!, cancellationToken);
}

/// <summary>
/// An online session's confirmation waits a little for the Meet link Google is making for it, so the client gets the
/// link in it; never longer than <see cref="MeetLinkWait.Longest"/>, and not at all while Google is away or not connected.
/// </summary>
public static class MeetLinkWait
{
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(2);

    public static async Task<bool> ShouldWaitAsync(Data.PortalDb db, Guid bookingId, DateTimeOffset emailCreatedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - emailCreatedAt > Longest
            || !await db.GoogleConnections.AnyAsync(c => c.BrokenAt == null, cancellationToken)
            || await db.PushedEvents.AnyAsync(p => p.BookingId == bookingId, cancellationToken))
        {
            return false;
        }

        var key = $"booking:{bookingId:N}:confirmed:calendar";
        return await db.OutboxMessages.AnyAsync(
            m => m.DeduplicationKey == key && m.ProcessedAt == null && m.DeadLetteredAt == null && m.Attempts == 0, cancellationToken);
    }
}
