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
/// (<see cref="PendingBooking"/>), or let go when it does not.
/// </summary>
public sealed class PendingBookings(
    PortalDb db, BookingPlacement placement, SignInDesk signIn, SideEffects sideEffects, TimeProvider clock)
{
    /// <summary>
    /// Holds the time for <paramref name="known"/>'s address to confirm, inside the booking's transaction and locks.
    /// Nothing is read from or written to the client's record, and the email says nothing of their history.
    /// </summary>
    public async Task<BookingOutcome> HoldAsync(
        Client known, ContactDetails typed, SessionType type, Instant start, PracticeSettings settings, string timeZone, string? note,
        CancellationToken cancellationToken)
    {
        if (!await placement.IsBookableAsync(type, start, settings, cancellationToken))
        {
            return new BookingOutcome.TimeUnavailable();
        }

        // One held booking per address: a newer one lets the older go (its link is replaced by the new one's).
        await db.PendingBookings.Where(p => p.EmailKey == known.EmailKey).ExecuteDeleteAsync(cancellationToken);
        var (link, protectedToken) = await signIn.IssueBookingConfirmationLinkAsync(known.EmailKey, PendingBooking.ConfirmWithin, cancellationToken);
        var held = PendingBooking.Hold(typed, timeZone, note, type, start.ToDateTimeOffset(), link.Id, PrivacyNotice.CurrentVersion, clock.GetUtcNow());
        db.PendingBookings.Add(held);

        var key = $"pending-booking:{held.Id:N}";
        sideEffects.Email(
            new BookingToConfirmEmail(known.Email, known.Name, known.TimeZone, type.Name, held.StartsAt, held.ExpiresAt, protectedToken),
            $"{key}:email");
        sideEffects.Enqueue(OutboxTypes.PendingBookingRelease, new PendingBookingRelease(held.Id), $"{key}:release", notBefore: held.ExpiresAt);
        return BookingOutcome.HeldForGuest.Of(held.Id, type, start, timeZone, typed);
    }

    /// <summary>
    /// The address has spoken: the held booking is placed for its client, under the same rules as any booking (an
    /// upcoming or completed discovery call refuses it, now that telling them is safe), or the time is let go.
    /// </summary>
    public async Task<BookingOutcome> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token.Trim());
        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var link = (await db.MagicLinks.FromSql($"SELECT * FROM magic_links WHERE token_hash = {hash} FOR UPDATE")
                    .ToListAsync(cancellationToken)).SingleOrDefault();
                var held = link is null
                    ? null
                    : await db.PendingBookings.Include(p => p.SessionType).SingleOrDefaultAsync(p => p.LinkId == link.Id, cancellationToken);
                var now = clock.GetUtcNow();
                var refusal = link is null || link.Purpose != LinkPurpose.ConfirmBooking ? "unknown"
                    : link.RefusalAt(now) ?? (held is null ? "released" : now >= held.ExpiresAt ? "expired" : null);
                if (refusal is not null)
                {
                    return (BookingOutcome)new BookingOutcome.LinkRefused(refusal);
                }

                var start = Instant.FromDateTimeOffset(held!.StartsAt);
                await placement.LockAsync(held.EmailKey, start, settings, cancellationToken);
                link!.Consume(now);
                db.PendingBookings.Remove(held);
                await db.SaveChangesAsync(cancellationToken); // its hold gone before the time is judged again

                var client = await db.Clients.SingleOrDefaultAsync(c => c.EmailKey == held.EmailKey, cancellationToken);
                var outcome = await placement.PlaceAsync(client, held.Contact, held.SessionType, start, settings,
                    client?.TimeZone ?? held.TimeZone, held.Note, signedIn: false, held.PrivacyNoticeVersion, cancellationToken);
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

    /// <summary>The link's address, masked, while the link can still confirm; null otherwise.</summary>
    public async Task<string?> AddressOfLinkAsync(string token, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token.Trim());
        var link = await db.MagicLinks.AsNoTracking().SingleOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        return link is { Purpose: LinkPurpose.ConfirmBooking } && link.RefusalAt(clock.GetUtcNow()) is null
            ? MaskedAddress.Of(link.EmailKey)
            : null;
    }
}

/// <summary>Outbox payload: let a held guest booking go if its address has not confirmed it by now.</summary>
public sealed record PendingBookingRelease(Guid PendingBookingId);
