using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Portal.Worker.Emails.Delivery;

public static class MimeEmail
{
    /// <summary>The email as MIME, with a Message-ID derived from the key so a repeat is recognisably the same message.</summary>
    public static MimeMessage Build(OutgoingEmail email, string idempotencyKey)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From));
        message.To.Add(new MailboxAddress(email.To.Name, email.To.Address));
        if (!string.IsNullOrWhiteSpace(email.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(email.ReplyTo));
        }

        message.Subject = email.Subject;
        var sender = MailboxAddress.Parse(email.From).Domain;
        message.MessageId = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32]}@{sender}";
        message.Headers.Add("X-Portal-Template", email.Template);
        foreach (var (name, value) in email.Headers ?? new Dictionary<string, string>())
        {
            message.Headers.Add(name, value);
        }

        var body = new BodyBuilder { HtmlBody = email.Html, TextBody = email.Text };
        foreach (var attachment in email.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
