using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Messaging;
using Portal.Core.Payments;
using Portal.Core.Practice;

namespace Portal.Core.Bookings;

/// <summary>
/// Takes bookings. Everything is decided again inside one transaction — the discovery gate, the slot rules,
/// the daily cap — and the database's exclusion constraint has the last word on overlaps.
/// </summary>
public sealed class BookingDesk(
    PortalDb db, AvailabilityLoader availability, BookingAnnouncements announcements, SignInDesk signIn, PaymentLedger payments,
    StripeCheckout checkout, TimeProvider clock)
{
    /// <summary>
    /// How long a paid booking holds its time while the client pays; the Checkout Session expires with it.
    /// Stripe refuses an expiry less than 30 minutes after it creates the session, hence the minutes to spare.
    /// </summary>
    public static readonly TimeSpan PaymentHold = TimeSpan.FromMinutes(32);

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

        if (!type.IsFree && !checkout.IsConfigured)
        {
            return new BookingOutcome.PaymentsUnavailable();
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
        if (signedIn && await HeldAlreadyAsync(client, type, start, cancellationToken) is { } held)
        {
            return held;
        }

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

        var needsWelcome = client is null || !await db.HasWelcomeThreadAsync(client.Id, cancellationToken);
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
        Payment? payment = null;
        if (booking.Status == BookingStatus.Confirmed)
        {
            // A guest's confirmation carries the way into their account.
            var claim = signedIn ? null : await signIn.IssueClaimLinkAsync(client, cancellationToken);
            announcements.Confirmed(booking, settings, needsWelcome, claim);
        }
        else
        {
            payment = Payment.For(booking, now);
            db.Payments.Add(payment);
            // If Stripe's word never comes, the Worker lets the time go when the hold ends.
            payments.CloseCheckout(booking, booking.HoldExpiresAt!.Value, "hold-ended");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BookingOutcome.Booked(booking, payment);
    }

    /// <summary>
    /// The same signed-in client asking again for a time they hold unpaid (a double click, a back button): the same booking
    /// and payment, whose Checkout Session Stripe returns again for the same idempotency key.
    /// </summary>
    private async Task<BookingOutcome.Booked?> HeldAlreadyAsync(Client? client, SessionType type, Instant start, CancellationToken cancellationToken)
    {
        if (client is null || type.IsFree)
        {
            return null;
        }

        var startsAt = start.ToDateTimeOffset();
        var held = await db.Bookings.Include(b => b.Client).Include(b => b.SessionType).SingleOrDefaultAsync(
            b => b.ClientId == client.Id && b.SessionTypeId == type.Id && b.StartsAt == startsAt && b.Status == BookingStatus.PendingPayment,
            cancellationToken);
        return held is null
            ? null
            : new BookingOutcome.Booked(held, await db.Payments.SingleAsync(p => p.BookingId == held.Id, cancellationToken));
    }
}
