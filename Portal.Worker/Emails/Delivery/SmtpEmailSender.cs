using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Portal.Worker.Emails.Delivery;

/// <summary>Plain SMTP through MailKit, for practices without Resend and as Resend's fallback.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public string Name => "smtp";

    public async Task<SendResult> SendAsync(OutgoingEmail email, string idempotencyKey, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host ?? "localhost", settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            }

            var reply = await client.SendAsync(MimeEmail.Build(email, idempotencyKey), cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return new SendResult.Sent(Name, reply);
        }
        catch (SmtpCommandException exception) when ((int)exception.StatusCode >= 500)
        {
            return new SendResult.Permanent($"The SMTP server refused the email ({(int)exception.StatusCode}): {exception.Message}");
        }
        catch (AuthenticationException exception)
        {
            return new SendResult.Permanent($"The SMTP server refused the credentials: {exception.Message}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
                                              or IOException or SocketException or TimeoutException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendResult.Transient($"SMTP failed: {exception.Message}");
        }
    }
}
