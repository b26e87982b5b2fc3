using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Calendar;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Worker.Emails.Delivery;
using Portal.Worker.Outbox;

namespace Portal.Worker.Emails;

/// <summary>Renders and sends one email, with the outbox message's key as the provider's idempotency key.</summary>
public sealed class EmailHandler(EmailComposer composer, EmailDelivery delivery, TimeProvider clock) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<EmailRequest>();
        if (request is ReminderEmail reminder)
        {
            if (!await StillStandsAsync(reminder.Booking, db, cancellationToken))
            {
                return new DispatchResult.Done("the booking was cancelled or moved; no reminder");
            }

            // The Worker was away past the session: a reminder of a session that has begun only confuses.
            if (reminder.Booking.StartsAt <= clock.GetUtcNow())
            {
                return new DispatchResult.Done("the session has begun; too late for a reminder");
            }

            // Written when the session was booked: the client may since have turned reminders off or changed address.
            var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == reminder.Booking.ClientId, cancellationToken);
            if (client is { RemindersByEmail: false })
            {
                return new DispatchResult.Done("the client turned reminder emails off");
            }

            if (client is not null)
            {
                request = reminder with
                {
                    Booking = reminder.Booking with { ClientEmail = client.Email, ClientName = client.Name, ClientTimeZone = client.TimeZone },
                };
            }
        }

        var booking = BookingOf(request);
        if (request is BookingConfirmedEmail { Booking.Mode: SessionMode.Virtual }
            && await MeetLinkWait.ShouldWaitAsync(db, booking!.BookingId, message.CreatedAt, clock.GetUtcNow(), cancellationToken))
        {
            return new DispatchResult.Wait("waiting a moment for the Google Meet link of the session", TimeSpan.FromSeconds(5));
        }

        var meetLink = booking is { Mode: SessionMode.Virtual }
            ? (await db.MeetLinksAsync([booking.BookingId], cancellationToken)).GetValueOrDefault(booking.BookingId)
            : null;
        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var email = await composer.ComposeAsync(request, message, practice, meetLink);
        if (email is null)
        {
            return new DispatchResult.Done("no address to send it to (the practice's own email is not set)");
        }

        if (!MimeKit.MailboxAddress.TryParse(email.To.Address, out _))
        {
            return new DispatchResult.GiveUp($"'{email.To.Address}' is not an email address anyone can send to.");
        }

        return await delivery.SendAsync(email, message.DeduplicationKey, cancellationToken) switch
        {
            SendResult.Sent => new DispatchResult.Done { SpentPayload = SpentPayloadOf(request) },
            SendResult.Transient transient => new DispatchResult.RetryLater(transient.Error, transient.RetryAfter),
            SendResult.Permanent permanent => new DispatchResult.GiveUp(permanent.Error),
            var other => throw new InvalidOperationException($"Unknown send result {other}."),
        };
    }

    private static string? SpentPayloadOf(EmailRequest request) =>
        request.WithoutSecrets() is var kept && !ReferenceEquals(kept, request)
            ? JsonSerializer.Serialize(kept, OutboxJson.Options)
            : null;

    private static BookingFacts? BookingOf(EmailRequest request) => request switch
    {
        BookingConfirmedEmail e => e.Booking,
        NewBookingEmail e => e.Booking,
        ReminderEmail e => e.Booking,
        BookingChangedEmail { Change: not BookingChange.Cancelled } e => e.Booking,
        _ => null,
    };

    private static Task<bool> StillStandsAsync(BookingFacts booking, PortalDb db, CancellationToken cancellationToken) =>
        db.Bookings.AnyAsync(
            b => b.Id == booking.BookingId && b.Status == BookingStatus.Confirmed && b.StartsAt == booking.StartsAt,
            cancellationToken);
}
