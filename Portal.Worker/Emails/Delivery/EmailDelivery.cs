using Portal.Core.Privacy;

namespace Portal.Worker.Emails.Delivery;

/// <summary>
/// The one door emails leave by: the configured provider, and SMTP behind it for an email the provider refuses
/// for good (a transient failure is retried by the outbox with the same provider, keeping its idempotency).
/// </summary>
public sealed class EmailDelivery(IEmailSender primary, IEmailSender? fallback, ILogger<EmailDelivery> logger)
{
    public async Task<SendResult> SendAsync(OutgoingEmail email, string idempotencyKey, CancellationToken cancellationToken)
    {
        var result = await primary.SendAsync(email, idempotencyKey, cancellationToken);
        if (result is SendResult.Permanent refusal && fallback is not null)
        {
            logger.LogWarning("{Provider} refused email {Key} ({Error}); sending it by {Fallback}", primary.Name, idempotencyKey, PersonalData.Redact(refusal.Error), fallback.Name);
            return await fallback.SendAsync(email, idempotencyKey, cancellationToken);
        }

        return result;
    }
}
