using Microsoft.EntityFrameworkCore;
using NodaTime;
using Portal.Core.Availability;
using Portal.Core.Clients;
using Portal.Core.Data;
using Portal.Core.Payments;
using Portal.Core.Privacy;
using Portal.Core.Practice;

namespace Portal.Core.Bookings;

/// <summary>
/// Takes bookings. Everything is decided again inside one transaction — the discovery gate, the slot rules,
/// the daily cap — and the database's exclusion constraint has the last word on overlaps.
/// </summary>
public sealed class BookingDesk(
    PortalDb db, BookingPlacement placement, PendingBookings pending, StripeCheckout checkout, Newsletter.NewsletterDesk newsletter)
{
    /// <summary>
    /// How long a paid booking holds its time while the client pays; the Checkout Session expires with it.
    /// Stripe refuses an expiry less than 30 minutes after it creates the session, hence the minutes to spare.
    /// </summary>
    public static readonly TimeSpan PaymentHold = TimeSpan.FromMinutes(32);

    /// <summary>As long as the column that keeps it.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>
    /// A guest's answer is the same whether the practice knows the address or not (see <see cref="BookingOutcome.HeldForGuest"/>):
    /// who is in therapy here is nobody's to learn from this form.
    /// </summary>
    public async Task<BookingOutcome> BookAsync(BookingRequest request, Caller caller, CancellationToken cancellationToken)
    {
        // One connection for the reads before the transaction and the transaction itself: taken from the pool, and its
        // session reset on return, once a booking instead of three times (21 of a guest booking's 46 statements were resets).
        // EF Core opens it through the retrying execution strategy, as it did for each read.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await DecideAsync(request, caller, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<BookingOutcome> DecideAsync(BookingRequest request, Caller caller, CancellationToken cancellationToken)
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

        if (signedIn is null && request.PrivacyConsent != true)
        {
            errors["privacyConsent"] = ["Please confirm you have read how your details are used (privacyConsent: true)."];
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
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(() =>
                BookInTransactionAsync(type, start, settings, contact!, timeZone!, request.Note, signedIn is not null,
                    request.NewsletterConsent == true, cancellationToken));
        }
        catch (DbUpdateException exception) when (exception.IsOverlapRefusal())
        {
            return new BookingOutcome.TimeUnavailable();
        }
    }

    private async Task<BookingOutcome> BookInTransactionAsync(
        SessionType type, Instant start, PracticeSettings settings, ContactDetails contact, string timeZone, string? note, bool signedIn,
        bool wantsNewsletter, CancellationToken cancellationToken)
    {
        // A retry starts clean: nothing tracked from an attempt that rolled back.
        db.ChangeTracker.Clear();
        // A failure rolls the whole transaction back and the strategy starts again: a savepoint around SaveChanges would
        // cost two round trips while the practice day is locked, for nothing.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SessionTypes.Attach(type);

        var emailKey = ContactDetails.EmailKeyOf(contact.Email);
        await placement.LockAsync(emailKey, start, settings, cancellationToken);
        var client = await db.Clients.SingleOrDefaultAsync(c => c.EmailKey == emailKey, cancellationToken);

        var outcome = signedIn
            ? await placement.PlaceAsync(client, contact, type, start, settings, timeZone, note, signedIn: true, consent: null, cancellationToken)
            : await GuestAsync(client, contact, type, start, settings, timeZone, note, cancellationToken);
        if (outcome is BookingOutcome.Booked or BookingOutcome.HeldForGuest)
        {
            if (wantsNewsletter)
            {
                // Only a request: the address confirms by email before any newsletter goes to it, whoever typed it.
                await newsletter.RequestAsync(contact.Email, contact.Name, "booking form", cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// A guest is judged by what they typed, never by what the practice knows of the address: the discovery call only,
    /// then the time. A new address becomes a client at once; a known one waits for its own confirmation.
    /// </summary>
    private async Task<BookingOutcome> GuestAsync(
        Client? known, ContactDetails contact, SessionType type, Instant start, PracticeSettings settings, string timeZone, string? note,
        CancellationToken cancellationToken)
    {
        if (DiscoveryGate.Check(type, client: null, signedIn: false, hasUpcomingDiscoveryCall: false) is var verdict and not GateVerdict.Allowed)
        {
            return new BookingOutcome.NotAllowed(verdict);
        }

        if (known is not null)
        {
            return await pending.HoldAsync(known, contact, type, start, settings, timeZone, cancellationToken);
        }

        return await placement.PlaceAsync(null, contact, type, start, settings, timeZone, note, signedIn: false,
                PrivacyNotice.CurrentVersion, cancellationToken) switch
        {
            BookingOutcome.Booked booked => BookingOutcome.HeldForGuest.Of(booked.Booking.Id, type, start, timeZone, contact),
            var other => other,
        };
    }
}
