using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Practice;

namespace Portal.Core.Bookings;

/// <summary>
/// Takes bookings. Everything is decided again inside one transaction — the discovery gate, the slot rules,
/// the daily cap — and the database's exclusion constraint has the last word on overlaps.
/// </summary>
public sealed class BookingDesk(PortalDb db, AvailabilityLoader availability, TimeProvider clock)
{
    /// <summary>How long a paid booking holds its time while the client pays.</summary>
    public static readonly TimeSpan PaymentHold = TimeSpan.FromMinutes(30);

    /// <summary>As long as the column that keeps it.</summary>
    public const int MaxNoteLength = 2000;

    public async Task<BookingOutcome> BookAsync(BookingRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var settings = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);

        // A signed-in client books as themselves; a guest tells us who they are.
        var signedIn = caller.ClientId is { } clientId
            ? await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
            : null;
        var (contact, errors) = signedIn is null
            ? ContactDetails.Read(request.Name, request.Email, request.Phone, settings.DefaultPhoneRegion)
            : (new ContactDetails(signedIn.Name, signedIn.Email, signedIn.Phone), new Dictionary<string, string[]>());
        var timeZone = request.TimeZone?.Trim() is { Length: > 0 } given ? given : signedIn?.TimeZone;
        if (timeZone is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is null)
        {
            errors["timeZone"] = ["Please choose the time zone you are in."];
        }

        if (request.Start is null)
        {
            errors["start"] = ["Please choose a time."];
        }

        if (request.Note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"Please keep the note under {MaxNoteLength} characters; there is time to say more in the session."];
        }

        if (errors.Count > 0)
        {
            return new BookingOutcome.Invalid(errors);
        }

        var type = await db.SessionTypes.SingleOrDefaultAsync(t => t.Slug == request.SessionType && t.IsActive, cancellationToken);
        if (type is null)
        {
            return new BookingOutcome.UnknownSessionType(request.SessionType ?? "");
        }

        var start = Instant.FromDateTimeOffset(request.Start!.Value);
        var now = clock.GetUtcNow();

        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(() =>
                BookInTransactionAsync(type, start, settings, contact!, timeZone!, request.Note, signedIn is not null, now, cancellationToken));
        }
        catch (DbUpdateException exception) when (exception.IsOverlapRefusal())
        {
            return new BookingOutcome.TimeUnavailable();
        }
    }

    private async Task<BookingOutcome> BookInTransactionAsync(
        SessionType type, Instant start, PracticeSettings settings, ContactDetails contact, string timeZone, string? note, bool signedIn,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A retry starts clean: nothing tracked from an attempt that rolled back.
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SessionTypes.Attach(type);

        var emailKey = ContactDetails.EmailKeyOf(contact.Email);
        var practiceDay = start.InZone(DateTimeZoneProviders.Tzdb[settings.TimeZone]).Date;

        // One client at a time, then one practice day at a time (always in this order): two requests for the
        // same email cannot both create the client or both take a discovery call, and a day's cap holds.
        await db.LockAsync($"client:{emailKey}", cancellationToken);
        await db.LockAsync(CalendarGuards.PracticeDayKey(practiceDay), cancellationToken);

        var client = await db.Clients.SingleOrDefaultAsync(c => c.EmailKey == emailKey, cancellationToken);
        var hasUpcomingDiscovery = client is not null && await db.Bookings.AnyAsync(
            b => b.ClientId == client.Id && b.IsDiscoveryCall && Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now,
            cancellationToken);

        var verdict = DiscoveryGate.Check(type, client, signedIn, hasUpcomingDiscovery);
        if (verdict != GateVerdict.Allowed)
        {
            return new BookingOutcome.NotAllowed(verdict);
        }

        // Loaded under the day's lock: what was free when the page showed it may not be now.
        var snapshot = await availability.LoadAsync(settings, start, start, ignoring: null, cancellationToken);
        if (!SlotFinder.IsBookable(type, start, snapshot, Instant.FromDateTimeOffset(now)))
        {
            return new BookingOutcome.TimeUnavailable();
        }

        if (client is null)
        {
            client = Client.Register(contact, timeZone, now);
            db.Clients.Add(client);
        }

        if (type.IsDiscoveryCall)
        {
            client.DiscoveryCallBooked();
        }

        var startsAt = start.ToDateTimeOffset();
        var booking = type.IsFree
            ? Booking.Confirmed(client, type, startsAt, note, now)
            : Booking.AwaitingPayment(client, type, startsAt, note, now, now + PaymentHold);
        db.Bookings.Add(booking);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BookingOutcome.Booked(booking);
    }
}
