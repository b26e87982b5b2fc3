using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Intake;
using Portal.Core.Messaging;
using Portal.Core.Payments;
using Portal.Core.Practice;
using Portal.Core.Privacy;

namespace Portal.Core.Bookings;

/// <summary>
/// Puts a booking in the calendar for someone whose identity is settled (signed in, new to the practice, or proven
/// by a link): the discovery gate, the slot rules and the daily cap, then the booking and what it owes to people.
/// Runs inside the caller's transaction, after <see cref="LockAsync"/>.
/// </summary>
public sealed class BookingPlacement(
    PortalDb db, AvailabilityLoader availability, BookingAnnouncements announcements, SignInDesk signIn, PaymentLedger payments,
    TimeProvider clock)
{
    /// <summary>
    /// One client at a time, then one practice day at a time (always in this order): two requests for the same email
    /// cannot both create the client or both take a discovery call, and a day's cap holds.
    /// </summary>
    public async Task LockAsync(string emailKey, Instant start, PracticeSettings settings, CancellationToken cancellationToken)
    {
        await db.LockAsync(
            $"client:{emailKey}", CalendarGuards.PracticeDayKey(start.InZone(DateTimeZoneProviders.Tzdb[settings.TimeZone]).Date), cancellationToken);
    }

    /// <summary>Whether the time is still offered, read under the day's lock: what was free when the page showed it may not be now.</summary>
    public async Task<bool> IsBookableAsync(SessionType type, Instant start, PracticeSettings settings, CancellationToken cancellationToken)
    {
        var snapshot = await availability.LoadAsync(settings, start, start, ignoring: null, cancellationToken);
        return SlotFinder.IsBookable(type, start, snapshot, Instant.FromDateTimeOffset(clock.GetUtcNow()));
    }

    /// <summary>The discovery gate for <paramref name="client"/>, with what it needs read from the database.</summary>
    public async Task<GateVerdict> GateAsync(Client? client, SessionType type, bool signedIn, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hasUpcomingDiscovery = client is not null && await db.Bookings.AnyAsync(
            b => b.ClientId == client.Id && b.IsDiscoveryCall && Booking.HoldingTime.Contains(b.Status) && b.StartsAt > now,
            cancellationToken);
        // Asked only when it could decide: a client whose form is in (or waived) passes either way.
        var intakeAsked = type.RequiresCompletedDiscovery && client is { IntakeDone: false } && await db.IntakeAskedOfAsync(client, cancellationToken);
        return DiscoveryGate.Check(type, client, signedIn, hasUpcomingDiscovery, intakeAsked);
    }

    /// <param name="client">The client booking, or null for an address the practice does not know (the record is made).</param>
    /// <param name="signedIn">The caller is signed in as <paramref name="client"/> (a guest's confirmation carries a claim link instead).</param>
    /// <param name="consent">The privacy notice version a guest agreed to on the form, to keep with the client.</param>
    public async Task<BookingOutcome> PlaceAsync(
        Client? client, ContactDetails contact, SessionType type, Instant start, PracticeSettings settings, string timeZone, string? note,
        bool signedIn, string? consent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (signedIn && await HeldAlreadyAsync(client, type, start, cancellationToken) is { } held)
        {
            return held;
        }

        var verdict = await GateAsync(client, type, signedIn, cancellationToken);
        if (verdict != GateVerdict.Allowed)
        {
            return new BookingOutcome.NotAllowed(verdict);
        }

        if (!await IsBookableAsync(type, start, settings, cancellationToken))
        {
            return new BookingOutcome.TimeUnavailable();
        }

        var needsWelcome = client is null || !await db.HasWelcomeThreadAsync(client.Id, cancellationToken);
        if (client is null)
        {
            client = Client.Register(contact, timeZone, now);
            db.Clients.Add(client);
        }

        if (consent is not null)
        {
            db.ClientConsents.Add(ClientConsent.ToPrivacyNotice(client.Id, consent, now, "booking form"));
        }

        if (type.IsDiscoveryCall)
        {
            client.DiscoveryCallBooked(now);
        }

        var startsAt = start.ToDateTimeOffset();
        var booking = type.IsFree
            ? Booking.Confirmed(client, type, startsAt, note, now)
            : Booking.AwaitingPayment(client, type, startsAt, note, now, now + BookingDesk.PaymentHold);
        db.Bookings.Add(booking);
        Payment? payment = null;
        if (booking.Status == BookingStatus.Confirmed)
        {
            // Someone not signed in gets the way into their account with the confirmation.
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
