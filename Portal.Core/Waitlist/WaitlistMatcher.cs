using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;

namespace Portal.Core.Waitlist;

/// <summary>What one pass of the matcher did.</summary>
/// <param name="Past">Places whose last day has gone by, removed.</param>
public sealed record WaitlistPass(int Expired, int Offered, int Past = 0);

/// <summary>
/// Offers free times to the people waiting, in the order they joined: ends the offers whose hold has run out, then gives
/// each waiting place without an open offer the earliest free time that matches it and was never offered to it. An
/// open offer holds its time, so the next person in line is not offered it until it expires. Each offer commits with
/// its email and notification (the outbox); run by one Worker replica at a time, and safe if two ever overlap (the
/// day's lock, one open offer per place, and no two open offers over one time are enforced by the database).
/// </summary>
public sealed class WaitlistMatcher(
    PortalDb db, AvailabilityLoader availability, BookingPlacement placement, SideEffects sideEffects, TimeProvider clock,
    IOptions<WaitlistOptions> options)
{
    public async Task<WaitlistPass> PassAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await db.WaitlistOffers.Where(o => o.Status == OfferStatus.Open && o.ExpiresAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, OfferStatus.Expired), cancellationToken);
        // A day behind UTC's date: the last day is in the client's zone, which may be up to a day behind.
        var lastDayGone = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2);
        var past = await db.WaitlistEntries.Where(e => e.LastDay < lastDayGone).ExecuteDeleteAsync(cancellationToken);

        var waiting = await db.WaitlistEntries.AsNoTracking().Include(e => e.SessionType)
            .Where(e => e.BookedAt == null && e.SessionType.IsActive
                && !db.WaitlistOffers.Any(o => o.EntryId == e.Id && o.Status == OfferStatus.Open))
            .OrderBy(e => e.JoinedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return new WaitlistPass(expired, 0, past);
        }

        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var offered = 0;
        foreach (var entry in waiting)
        {
            if (await OfferNextAsync(entry, settings, cancellationToken))
            {
                offered++;
            }
        }

        return new WaitlistPass(expired, offered, past);
    }

    private async Task<bool> OfferNextAsync(WaitlistEntry entry, PracticeSettings settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(entry.TimeZone) ?? DateTimeZoneProviders.Tzdb[settings.TimeZone];
        var window = SearchWindow.Clamp(LocalDate.FromDateOnly(entry.FirstDay), LocalDate.FromDateOnly(entry.LastDay), zone,
            Instant.FromDateTimeOffset(now), settings.BookingHorizonDays);
        if (window is null)
        {
            return false;
        }

        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == entry.ClientId, cancellationToken);
        if (await placement.GateAsync(client, entry.SessionType, signedIn: true, cancellationToken) != GateVerdict.Allowed)
        {
            return false;
        }

        var offeredBefore = (await db.WaitlistOffers.AsNoTracking().Where(o => o.EntryId == entry.Id).Select(o => o.StartsAt)
            .ToListAsync(cancellationToken)).ToHashSet();
        var span = window.InstantsIn(zone);
        var snapshot = await availability.LoadAsync(settings, span.Start, span.End, ignoring: null, cancellationToken);
        var candidates = SlotFinder.Find(entry.SessionType, window.FirstDay, window.LastDay, zone, snapshot, Instant.FromDateTimeOffset(now))
            .SelectMany(day => day.Starts)
            .Where(start => LocalDate.FromDateOnly(entry.FirstDay) <= start.Date && start.Date <= LocalDate.FromDateOnly(entry.LastDay)
                && entry.PartsOfDay.Includes(start.TimeOfDay))
            .Select(start => start.ToInstant())
            .Where(start => !offeredBefore.Contains(start.ToDateTimeOffset()));
        foreach (var start in candidates)
        {
            if (await TryOfferAsync(entry, client.EmailKey, start, settings, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Under the locks a booking takes, the time is judged again: it may have been booked since the read.</summary>
    private async Task<bool> TryOfferAsync(WaitlistEntry entry, string emailKey, Instant start, PracticeSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await placement.LockAsync(emailKey, start, settings, cancellationToken);
                if (!await placement.IsBookableAsync(entry.SessionType, start, settings, cancellationToken))
                {
                    return false;
                }

                var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == entry.ClientId, cancellationToken);
                var offer = WaitlistOffer.For(entry, start.ToDateTimeOffset(), options.Value.OfferHold, clock.GetUtcNow());
                db.WaitlistOffers.Add(offer);
                sideEffects.Email(
                    new WaitlistOfferEmail(client.Email, client.Name, client.TimeZone, entry.SessionType.Name, offer.StartsAt, offer.ExpiresAt, offer.Id),
                    $"waitlist-offer:{offer.Id:N}:email");
                sideEffects.Enqueue(OutboxTypes.Notification,
                    new NotificationRequest(Audience.Client, client.Id, "A time has come up for you",
                        $"{entry.SessionType.Name} on {ReadableTime.Full(offer.StartsAt, client.TimeZone)} is held for you until {ReadableTime.Full(offer.ExpiresAt, client.TimeZone)}.",
                        WaitlistOffer.LinkTo(offer.Id)),
                    $"waitlist-offer:{offer.Id:N}:notification");
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is Npgsql.PostgresException
        {
            SqlState: Npgsql.PostgresErrorCodes.ExclusionViolation or Npgsql.PostgresErrorCodes.UniqueViolation,
        })
        {
            // Another pass offered it (or this place an offer) a moment ago.
            return false;
        }
    }
}
