using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;
using Portal.Core.Privacy;

namespace Portal.Core.Bookings;

/// <summary>
/// Guest bookings made with an address the practice knows: held, then placed when the address confirms by its link
/// (<see cref="PendingBooking"/>).
/// </summary>
public sealed class PendingBookings(
    PortalDb db, BookingPlacement placement, SignInDesk signIn, SideEffects sideEffects, TimeProvider clock)
{
    /// <summary>
    /// "Please confirm" emails one address gets in an hour, at most: a stranger booking over and over with someone's
    /// address must not fill their inbox. Past it the booking is held all the same and answered alike; no email goes.
    /// </summary>
    public const int EmailsPerAddressPerHour = 3;

    /// <summary>
    /// Holds the time for <paramref name="known"/>'s address to confirm, inside the booking's transaction and locks.
    /// Nothing is read from or written to the client's record, and the email says nothing of their history. An earlier
    /// held booking of the same address keeps its time (the free times must not change with who the address is), but
    /// its link is replaced: only the newest can be confirmed.
    /// </summary>
    public async Task<BookingOutcome> HoldAsync(
        Client known, ContactDetails typed, SessionType type, Instant start, PracticeSettings settings, string timeZone,
        CancellationToken cancellationToken)
    {
        if (!await placement.IsBookableAsync(type, start, settings, cancellationToken))
        {
            return new BookingOutcome.TimeUnavailable();
        }

        var now = clock.GetUtcNow();
        var startsAt = start.ToDateTimeOffset();
        var emailsLastHour = await db.MagicLinks.CountAsync(
            l => l.EmailKey == known.EmailKey && l.Purpose == LinkPurpose.ConfirmBooking && l.CreatedAt > now.AddHours(-1), cancellationToken);
        var (link, protectedToken) = await signIn.IssueBookingConfirmationLinkAsync(known.EmailKey, startsAt - now, cancellationToken);
        var held = PendingBooking.Hold(typed, timeZone, type, startsAt, link.Id, PrivacyNotice.CurrentVersion, now);
        db.PendingBookings.Add(held);
        if (emailsLastHour < EmailsPerAddressPerHour)
        {
            sideEffects.Email(
                new BookingToConfirmEmail(known.Email, known.Name, known.TimeZone, type.Name, held.StartsAt, protectedToken),
                $"pending-booking:{held.Id:N}:email");
        }

        return BookingOutcome.HeldForGuest.Of(held.Id, type, start, timeZone, typed);
    }

    /// <summary>
    /// The address has spoken: the held booking is placed for its client, under the same rules as any booking (an
    /// upcoming or completed discovery call refuses it, now that telling them is safe), or its time is let go.
    /// Locks in the order bookings take them (the client's, the day's, then rows), so the two never deadlock.
    /// </summary>
    public async Task<BookingOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token.Trim());
        var target = await db.PendingBookings.AsNoTracking()
            .Where(p => db.MagicLinks.Any(l => l.Id == p.LinkId && l.TokenHash == hash && l.Purpose == LinkPurpose.ConfirmBooking))
            .Select(p => new { p.Id, p.EmailKey, p.StartsAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return new BookingOutcome.LinkRefused("unknown");
        }

        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var start = Instant.FromDateTimeOffset(target.StartsAt);
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await placement.LockAsync(target.EmailKey, start, settings, cancellationToken);
                var link = await db.LockLinkAsync(hash, cancellationToken);
                var held = await db.PendingBookings.Include(p => p.SessionType)
                    .SingleOrDefaultAsync(p => p.Id == target.Id, cancellationToken);
                var now = clock.GetUtcNow();
                var refusal = link is null || held is null ? "released" : link.RefusalAt(now) ?? (now >= held.ExpiresAt ? "expired" : null);
                if (refusal is not null)
                {
                    return (BookingOutcome)new BookingOutcome.LinkRefused(refusal);
                }

                // Its hold goes before the time is judged again; none left means the purge took it a moment ago.
                if (await db.PendingBookings.Where(p => p.Id == target.Id).ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    return new BookingOutcome.LinkRefused("released");
                }

                link!.Consume(now);
                var client = await db.Clients.SingleOrDefaultAsync(c => c.EmailKey == held!.EmailKey, cancellationToken);
                var outcome = await placement.PlaceAsync(client, held!.Contact, held.SessionType, start, settings,
                    client?.TimeZone ?? held.TimeZone, note: null, signedIn: false, held.PrivacyNoticeVersion, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return outcome;
            });
        }
        catch (DbUpdateException exception) when (exception.IsOverlapRefusal())
        {
            return new BookingOutcome.TimeUnavailable();
        }
    }
}
