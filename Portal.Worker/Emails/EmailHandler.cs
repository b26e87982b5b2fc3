using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Bookings;
using Portal.Core.Data;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Worker.Emails.Delivery;
using Portal.Worker.Outbox;

namespace Portal.Worker.Emails;

/// <summary>Renders and sends one email, with the outbox message's key as the provider's idempotency key.</summary>
public sealed class EmailHandler(EmailComposer composer, EmailDelivery delivery) : IOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<EmailRequest>();
        if (request is ReminderEmail reminder && !await StillStandsAsync(reminder.Booking, db, cancellationToken))
        {
            return new DispatchResult.Done("the booking was cancelled or moved; no reminder");
        }

        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var email = await composer.ComposeAsync(request, message, practice);
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

    private static Task<bool> StillStandsAsync(BookingFacts booking, PortalDb db, CancellationToken cancellationToken) =>
        db.Bookings.AnyAsync(
            b => b.Id == booking.BookingId && b.Status == BookingStatus.Confirmed && b.StartsAt == booking.StartsAt,
            cancellationToken);
}
