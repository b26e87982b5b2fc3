using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Outbox;
using Portal.Core.Payments;

namespace Portal.Core.Privacy;

/// <summary>
/// Section <c>Retention</c>: how long the practice keeps what it needed only for a while, and which rows are past it.
/// Each period runs from when the row stopped mattering: a message from when it was sent, a link from when it was
/// spent, replaced or expired, a session from when it was ended or ran out, an event from when it happened.
/// </summary>
public sealed class RetentionPeriods
{
    public const string Section = "Retention";

    /// <summary>Outbox messages sent (done) this long ago. Pending and dead-lettered ones are never purged.</summary>
    public TimeSpan SentOutbox { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan SignInLinks { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan EndedSessions { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan SignInEvents { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Stripe redelivers an event for up to 3 days (and it can be resent by hand for 30): kept well past both.</summary>
    public TimeSpan StripeEvents { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the Worker purges.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so no purge holds locks for long.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Why these settings cannot be used, or null when they can.</summary>
    public string? Problem() =>
        new[] { SentOutbox, SignInLinks, EndedSessions, SignInEvents, Every }.Any(p => p <= TimeSpan.Zero) ? "every Retention period must be positive"
        : StripeEvents < TimeSpan.FromDays(30) ? "Retention:StripeEvents must be at least 30 days: the records stop Stripe's redeliveries acting twice"
        : BatchSize <= 0 ? "Retention:BatchSize must be positive"
        : null;

    public IQueryable<OutboxMessage> SentOutboxPast(PortalDb db, DateTimeOffset now)
    {
        var before = now - SentOutbox;
        return db.OutboxMessages.Where(m => m.ProcessedAt < before && m.DeadLetteredAt == null);
    }

    /// <summary>A client's copy of their data, once its download time (<see cref="MyData.DataExport.Lifetime"/>) is over.</summary>
    public static IQueryable<MyData.DataExport> DataExportsPast(PortalDb db, DateTimeOffset now)
    {
        var stuckBefore = now - MyData.DataExport.GatheringLimit;
        return db.DataExports.Where(e => e.ExpiresAt <= now || (e.ReadyAt == null && e.RequestedAt <= stuckBefore));
    }

    /// <summary>Guest bookings held for an address that never confirmed them, once their session has started.</summary>
    public static IQueryable<PendingBooking> UnconfirmedHoldsPast(PortalDb db, DateTimeOffset now) =>
        db.PendingBookings.Where(p => p.ExpiresAt <= now);

    /// <summary>A link a held booking still names stays with it (the hold keeps its time until its session starts).</summary>
    public IQueryable<MagicLink> SignInLinksPast(PortalDb db, DateTimeOffset now)
    {
        var before = now - SignInLinks;
        return db.MagicLinks.Where(l => (l.ExpiresAt < before || l.ConsumedAt < before || l.SupersededAt < before)
            && !db.PendingBookings.Any(p => p.LinkId == l.Id));
    }

    public IQueryable<UserSession> EndedSessionsPast(PortalDb db, DateTimeOffset now)
    {
        var before = now - EndedSessions;
        return db.UserSessions.Where(s => s.ExpiresAt < before || s.RevokedAt < before);
    }

    public IQueryable<SignInEvent> SignInEventsPast(PortalDb db, DateTimeOffset now)
    {
        var before = now - SignInEvents;
        return db.SignInEvents.Where(e => e.At < before);
    }

    public IQueryable<StripeEventRecord> StripeEventsPast(PortalDb db, DateTimeOffset now)
    {
        var before = now - StripeEvents;
        return db.StripeEvents.Where(e => e.ReceivedAt < before);
    }
}
