using System.Text.Json;
using Portal.Core.Crm;
using Portal.Core.Messaging;
using Portal.Core.Notifications;

namespace Portal.Core.Outbox;

/// <summary>
/// An outbox message in the therapist's words ("Booking confirmation email to Jo Bloggs"), for the list of what failed
/// to go out: she has to know who is missing what before she can fix it.
/// </summary>
public static class SideEffectDescription
{
    public static string Describe(string type, string payload)
    {
        try
        {
            return type switch
            {
                OutboxTypes.Email => Email(Read<EmailRequest>(payload)),
                OutboxTypes.Notification => Notification(Read<NotificationRequest>(payload)),
                OutboxTypes.WelcomeThread => $"Welcome message thread for {Read<WelcomeThreadRequest>(payload).ClientName}",
                OutboxTypes.CalendarEvent => "Calendar event for a booking",
                OutboxTypes.CheckoutClose => "Closing an unpaid Stripe Checkout and freeing its time",
                OutboxTypes.Refund => "Refund through Stripe",
                OutboxTypes.DataExport => "Gathering a copy of a client's data for them",
                OutboxTypes.NewsletterFanOut => "Choosing a newsletter's recipients and queueing their emails",
                OutboxTypes.NewsletterEmail => "Newsletter email to one subscriber",
                OutboxTypes.CrmPerson => "Bringing a client's record in Twenty CRM up to date",
                OutboxTypes.CrmPersonErasure => "Deleting an erased client's record in Twenty CRM",
                OutboxTypes.CrmBookingNote => $"Note in Twenty CRM: a booking {Read<Crm.CrmBookingNote>(payload).Status.InWords()}",
                OutboxTypes.NewsletterTest => $"Newsletter test email to {Read<Newsletter.NewsletterTest>(payload).To}",
                OutboxTypes.UnreadMessageCheck => Read<UnreadMessageCheck>(payload).ToTherapist
                    ? "Checking whether you read a client's message (an email to you if not)"
                    : "Checking whether a client read your message (an email to them if not)",
                _ => type,
            };
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // A payload from an older version, or damaged: the type still says what kind of thing it was.
            return type;
        }
    }

    private static string Email(EmailRequest email) => email switch
    {
        MagicLinkEmail link => $"Sign-in link email to {link.To}",
        BookingConfirmedEmail confirmed => $"Booking confirmation email to {Client(confirmed.Booking)}",
        NewBookingEmail booked => $"New booking email to you about {booked.Booking.ClientName}",
        BookingChangedEmail { ToTherapist: true } changed => $"{Change(changed)} email to you about {changed.Booking.ClientName}",
        BookingChangedEmail changed => $"{Change(changed)} email to {Client(changed.Booking)}",
        ReminderEmail reminder => $"Reminder email to {Client(reminder.Booking)}",
        NewMessageEmail { ToTherapist: true } => "New message email to you",
        NewMessageEmail message => $"New message email to {message.Name} ({message.To})",
        RefundEmail refund => $"Refund email to {Client(refund.Booking)}",
        BookingToConfirmEmail confirm => $"Booking confirmation request to {confirm.Name} ({confirm.To})",
        NewInLibraryEmail shared => $"New in their library email to {shared.Name} ({shared.To})",
        EmailChangeLinkEmail change => $"Email address confirmation to {change.Name} ({change.To})",
        ClosureLinkEmail closure => $"Account closure confirmation to {closure.Name} ({closure.To})",
        DataExportReadyEmail ready => $"'Your data is ready' email to {ready.Name} ({ready.To})",
        EmailChangedEmail changed => $"Email address changed notice to {changed.Name} ({changed.To})",
        Newsletter.NewsletterConfirmationEmail confirm => $"Newsletter confirmation request to {confirm.To}",
        _ => "Email",
    };

    private static string Notification(NotificationRequest notification) =>
        $"In-app notification for {(notification.Audience == Audience.Therapist ? "you" : "the client")}: {notification.Title}";

    private static string Change(BookingChangedEmail email) => email.Change == BookingChange.Cancelled ? "Cancellation" : "Reschedule";

    private static string Client(BookingFacts booking) => $"{booking.ClientName} ({booking.ClientEmail})";

    private static T Read<T>(string payload) =>
        JsonSerializer.Deserialize<T>(payload, OutboxJson.Options) ?? throw new JsonException("The payload is empty.");
}
