using System.Text.Json;
using Portal.Core.Messaging;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Payments;
using Portal.Tests.Emails;

namespace Portal.Tests.Outbox;

/// <summary>What failed to go out, in words the therapist can act on: who was to get what.</summary>
public sealed class SideEffectDescriptionTests
{
    private static readonly BookingFacts Booking = EmailSamples.Booking();

    public static TheoryData<EmailRequest, string> Emails => new()
    {
        { new MagicLinkEmail("jo@example.com", "Jo", "Europe/London", "protected", EmailSamples.Start), "Sign-in link email to jo@example.com" },
        { new BookingConfirmedEmail(Booking), "Booking confirmation email to Sam Rivers (sam@example.com)" },
        { new NewBookingEmail(Booking), "New booking email to you about Sam Rivers" },
        { new BookingChangedEmail(Booking, BookingChange.Cancelled, null, ToTherapist: false, ByTherapist: true), "Cancellation email to Sam Rivers (sam@example.com)" },
        { new BookingChangedEmail(Booking, BookingChange.Rescheduled, EmailSamples.Start, ToTherapist: true, ByTherapist: false), "Reschedule email to you about Sam Rivers" },
        { new ReminderEmail(Booking), "Reminder email to Sam Rivers (sam@example.com)" },
        { new NewMessageEmail("jo@example.com", "Jo", "Europe/London", "Dr Anna Whitfield", EmailSamples.Start, ToTherapist: false), "New message email to Jo (jo@example.com)" },
        { new NewMessageEmail("anna@example.com", "Anna", "Europe/London", "Jo", EmailSamples.Start, ToTherapist: true), "New message email to you" },
        { new RefundEmail(Booking, "£75.00", "Cancelled in time"), "Refund email to Sam Rivers (sam@example.com)" },
    };

    [Theory]
    [MemberData(nameof(Emails))]
    public void An_email_names_its_template_and_recipient(EmailRequest email, string expected) =>
        Assert.Equal(expected, SideEffectDescription.Describe(OutboxTypes.Email, Payload(email)));

    [Fact]
    public void Other_side_effects_say_what_they_are_for()
    {
        var forTherapist = new NotificationRequest(Audience.Therapist, null, "New booking: Sam Rivers", "Tuesday", "/admin");
        var forClient = new NotificationRequest(Audience.Client, Guid.NewGuid(), "Your session is booked", "Tuesday", "/me");

        Assert.Equal("In-app notification for you: New booking: Sam Rivers", SideEffectDescription.Describe(OutboxTypes.Notification, Payload(forTherapist)));
        Assert.Equal("In-app notification for the client: Your session is booked", SideEffectDescription.Describe(OutboxTypes.Notification, Payload(forClient)));
        Assert.Equal("Welcome message thread for Sam Rivers",
            SideEffectDescription.Describe(OutboxTypes.WelcomeThread, Payload(new WelcomeThreadRequest(Guid.NewGuid(), "Sam Rivers"))));
        Assert.Equal("Refund through Stripe", SideEffectDescription.Describe(OutboxTypes.Refund, Payload(new RefundRequest(Guid.NewGuid(), 7500))));
    }

    [Theory]
    [InlineData(OutboxTypes.Email, """{"template":"no-such-template"}""")]
    [InlineData(OutboxTypes.Email, "not json")]
    [InlineData("some-future-type", "{}")]
    public void A_payload_it_cannot_read_still_gives_its_type(string type, string payload) =>
        Assert.Equal(type, SideEffectDescription.Describe(type, payload));

    private static string Payload<T>(T payload) => JsonSerializer.Serialize(payload, OutboxJson.Options);
}
