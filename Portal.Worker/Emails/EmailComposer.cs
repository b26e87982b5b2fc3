using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;
using Portal.Worker.Emails.Delivery;
using Portal.Worker.Emails.Templates;

namespace Portal.Worker.Emails;

/// <summary>Turns an email request into a rendered email: the template for it, the practice's brand, both parts.</summary>
public sealed class EmailComposer(EmailRenderer renderer, PortalLinks links, LinkProtector protector, IOptions<EmailOptions> options)
{
    private static readonly IReadOnlyDictionary<Type, string> TemplateNames = typeof(EmailRequest)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <returns>Null when there is nobody to send it to (the practice has not given its own address).</returns>
    /// <param name="meetLink">The Google Meet link of the booking the email is about, when Google made one.</param>
    public async Task<OutgoingEmail?> ComposeAsync(EmailRequest request, OutboxMessage message, PracticeSettings practice, string? meetLink = null)
    {
        var context = new EmailContext(practice, links, meetLink);
        var therapist = string.IsNullOrWhiteSpace(practice.TherapistEmail)
            ? null
            : new EmailRecipient(practice.TherapistEmail, practice.TherapistName, practice.TimeZone);
        var document = request switch
        {
            MagicLinkEmail email => MagicLinkTemplate.Compose(email, links.SignIn(protector.Unprotect(email.ProtectedToken)), context),
            BookingConfirmedEmail email => BookingConfirmedTemplate.Compose(
                email, email.ProtectedClaimToken is { } claim ? links.SignIn(protector.Unprotect(claim)) : null, context),
            NewBookingEmail email when therapist is not null => NewBookingTemplate.Compose(email, therapist, context),
            BookingChangedEmail { ToTherapist: false } email => BookingChangedTemplate.Compose(
                email, new EmailRecipient(email.Booking.ClientEmail, email.Booking.ClientName, email.Booking.ClientTimeZone), context,
                ChangeSequence(email, message)),
            BookingChangedEmail email when therapist is not null => BookingChangedTemplate.Compose(
                email, therapist, context, ChangeSequence(email, message)),
            ReminderEmail email => ReminderTemplate.Compose(email, context),
            NewMessageEmail email => NewMessageTemplate.Compose(email, context),
            NewInLibraryEmail email => NewInLibraryTemplate.Compose(email, context),
            RefundEmail email => RefundTemplate.Compose(email, context),
            BookingToConfirmEmail email => BookingToConfirmTemplate.Compose(
                email, links.ConfirmBooking(protector.Unprotect(email.ProtectedToken)), context),
            EmailChangeLinkEmail email => EmailChangeLinkTemplate.Compose(
                email, email.ProtectedToken is { Length: > 0 } token ? links.ConfirmEmailChange(protector.Unprotect(token)) : null, context),
            EmailChangedEmail email => EmailChangedTemplate.Compose(email, context),
            DataExportReadyEmail email => DataExportReadyTemplate.Compose(email, context),
            WaitlistOfferEmail email => WaitlistOfferTemplate.Compose(email, context),
            ClosureLinkEmail email => ClosureLinkTemplate.Compose(email, links.ConfirmClosure(protector.Unprotect(email.ProtectedToken)), context),
            Core.Newsletter.NewsletterConfirmationEmail email => Newsletter.NewsletterConfirmationTemplate.Compose(
                email, links.ConfirmNewsletter(protector.Unprotect(email.ProtectedToken)), context),
            _ => null,
        };
        if (document is null)
        {
            return null;
        }

        return new OutgoingEmail(
            options.Value.From,
            document.To,
            string.IsNullOrWhiteSpace(options.Value.ReplyTo) ? NullIfEmpty(practice.TherapistEmail) : options.Value.ReplyTo,
            document.Subject,
            await renderer.HtmlAsync(document, context),
            EmailRenderer.PlainText(document, context),
            document.Attachments,
            TemplateName(request));
    }

    /// <summary>The template's name as the outbox payload spells it (its JSON type discriminator).</summary>
    public static string TemplateName(EmailRequest request) => TemplateNames[request.GetType()];

    // Later changes carry a higher SEQUENCE, so calendars keep the newest; fixed per message, so retries match. In
    // seconds: a move corrected a moment later (or a move then a cancel) must not carry the same one.
    private static int ChangeSequence(BookingChangedEmail email, OutboxMessage message) =>
        (int)Math.Clamp((message.CreatedAt - email.Booking.BookedAt).TotalSeconds + 1, 1, int.MaxValue);

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
