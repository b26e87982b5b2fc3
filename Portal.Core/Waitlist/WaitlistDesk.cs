using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Data;

namespace Portal.Core.Waitlist;

/// <summary>A signed-in client's side of the waitlist: joining, seeing their places and offers, leaving, taking an offer.</summary>
public sealed class WaitlistDesk(PortalDb db, BookingPlacement placement, TimeProvider clock)
{
    public async Task<JoinOutcome> JoinAsync(Guid clientId, JoinWaitlistRequest request, CancellationToken cancellationToken)
    {
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var zoneName = request.TimeZone?.Trim() is { Length: > 0 } given ? given : client.TimeZone;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneName);
        if (zone is null)
        {
            errors["timeZone"] = ["Please choose the time zone you are in."];
        }

        var parts = request.PartsOfDay is { Length: > 0 } names ? PartsOfDayExtensions.Read(names) : PartsOfDay.Any;
        if (parts is null)
        {
            errors["partsOfDay"] = ["Choose from morning, afternoon and evening (or none, for any time of day)."];
        }

        var today = zone is null ? default : Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(zone).Date.ToDateOnly();
        var furthest = today.AddDays(settings.BookingHorizonDays);
        if (request.From is null)
        {
            errors["from"] = ["Please choose the first day that would suit you."];
        }

        if (request.To is null)
        {
            errors["to"] = ["Please choose the last day that would suit you."];
        }
        else if (zone is not null && request.To < today)
        {
            errors["to"] = ["The last day has passed: please choose today or a later day."];
        }
        else if (zone is not null && request.To > furthest)
        {
            errors["to"] = [$"Sessions can be booked up to {settings.BookingHorizonDays} days ahead: please choose a last day on or before {furthest:d MMM yyyy}."];
        }
        else if (request.From > request.To)
        {
            errors["to"] = ["The last day comes before the first: please swap them."];
        }
        else if (request.From is { } from && request.To.Value.DayNumber - from.DayNumber >= WaitlistOptions.MaxDaysPerEntry)
        {
            errors["to"] = [$"Please choose at most {WaitlistOptions.MaxDaysPerEntry} days."];
        }

        if (string.IsNullOrWhiteSpace(request.SessionType))
        {
            errors["sessionType"] = ["Please choose the kind of session."];
        }

        if (errors.Count > 0)
        {
            return new JoinOutcome.Invalid(errors);
        }

        var type = await db.SessionTypes.SingleOrDefaultAsync(t => t.Slug == request.SessionType && t.IsActive, cancellationToken);
        if (type is null)
        {
            return new JoinOutcome.UnknownSessionType(request.SessionType!);
        }

        if (await placement.GateAsync(client, type, signedIn: true, cancellationToken) is var verdict and not GateVerdict.Allowed)
        {
            return new JoinOutcome.NotAllowed(verdict);
        }

        return await db.InTransactionAsync<JoinOutcome>(async () =>
        {
            db.SessionTypes.Attach(type);
            await db.LockAsync($"waitlist:{clientId}", cancellationToken);
            if (await db.WaitlistEntries.CountAsync(e => e.ClientId == clientId && e.BookedAt == null, cancellationToken) >= WaitlistOptions.MaxEntriesPerClient)
            {
                return new JoinOutcome.TooMany();
            }

            var first = request.From < today ? today : request.From!.Value;
            var entry = WaitlistEntry.Join(clientId, type, first, request.To!.Value, parts!.Value, zoneName, clock.GetUtcNow());
            db.WaitlistEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return new JoinOutcome.Joined(entry);
        }, cancellationToken);
    }

    /// <summary>The client's places still waiting, in the order they joined, each with its open offer.</summary>
    public async Task<IReadOnlyList<WaitingPlace>> ListAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var entries = await db.WaitlistEntries.AsNoTracking().Include(e => e.SessionType)
            .Where(e => e.ClientId == clientId && e.BookedAt == null)
            .OrderBy(e => e.JoinedAt)
            .ToListAsync(cancellationToken);
        var offers = await db.WaitlistOffers.AsNoTracking()
            .Where(o => o.ClientId == clientId && o.Status == OfferStatus.Open && o.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        return [.. entries.Select(e => new WaitingPlace(e, offers.SingleOrDefault(o => o.EntryId == e.Id)))];
    }

    /// <summary>One click: the place and any open offer go (the offered time is free for the next in line).</summary>
    public async Task<bool> LeaveAsync(Guid clientId, Guid entryId, CancellationToken cancellationToken) =>
        await db.WaitlistEntries.Where(e => e.Id == entryId && e.ClientId == clientId && e.BookedAt == null)
            .ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// Books the offered time through the normal booking path, in one transaction with the locks a booking takes: the
    /// offer's hold is let go first (or the time would look taken), and comes back if the booking is refused. Taking
    /// again (a double click) answers with the same booking.
    /// </summary>
    public async Task<TakeOutcome> TakeAsync(Guid clientId, Guid offerId, CancellationToken cancellationToken)
    {
        var target = await db.WaitlistOffers.AsNoTracking().Where(o => o.Id == offerId && o.ClientId == clientId)
            .Select(o => new { o.StartsAt, o.EntryId }).SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return new TakeOutcome.NotFound();
        }

        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var emailKey = await db.Clients.Where(c => c.Id == clientId).Select(c => c.EmailKey).SingleAsync(cancellationToken);
        var start = Instant.FromDateTimeOffset(target.StartsAt);
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await placement.LockAsync(emailKey, start, settings, cancellationToken);
                var now = clock.GetUtcNow();
                var offer = await db.WaitlistOffers.SingleOrDefaultAsync(o => o.Id == offerId, cancellationToken);
                if (offer is { Status: OfferStatus.Taken, BookingId: { } bookingId })
                {
                    return new TakeOutcome.Placed(await AlreadyBookedAsync(bookingId, cancellationToken));
                }

                if (offer is null || !offer.IsOpenAt(now))
                {
                    return (TakeOutcome)new TakeOutcome.Ended();
                }

                var entry = await db.WaitlistEntries.Include(e => e.SessionType).SingleAsync(e => e.Id == offer.EntryId, cancellationToken);
                var client = await db.Clients.SingleAsync(c => c.Id == clientId, cancellationToken);
                offer.Taken(Guid.Empty);
                await db.SaveChangesAsync(cancellationToken);

                var outcome = await placement.PlaceAsync(client, new ContactDetails(client.Name, client.Email, client.Phone), entry.SessionType, start, settings, client.TimeZone,
                    note: null, signedIn: true, consent: null, cancellationToken);
                if (outcome is not BookingOutcome.Booked booked)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new TakeOutcome.Placed(outcome);
                }

                offer.Taken(booked.Booking.Id);
                entry.Booked(booked.Booking.Id, now);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new TakeOutcome.Placed(outcome);
            });
        }
        catch (DbUpdateException exception) when (exception.IsOverlapRefusal())
        {
            return new TakeOutcome.Placed(new BookingOutcome.TimeUnavailable());
        }
    }

    private async Task<BookingOutcome> AlreadyBookedAsync(Guid bookingId, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.Include(b => b.Client).Include(b => b.SessionType).SingleAsync(b => b.Id == bookingId, cancellationToken);
        if (!Booking.HoldingTime.Contains(booking.Status))
        {
            return new BookingOutcome.TimeUnavailable();
        }

        var payment = booking.Status == BookingStatus.PendingPayment
            ? await db.Payments.SingleAsync(p => p.BookingId == booking.Id, cancellationToken)
            : null;
        return new BookingOutcome.Booked(booking, payment);
    }
}
