extern alias Worker;

using System.Text;
using Portal.Core.Bookings;
using Portal.Core.Notifications;

namespace Portal.Tests.Emails;

/// <summary>
/// Each template, structurally: who it goes to, the subject, times in the reader's zone, links into
/// the portal, the plain-text part saying the same. A rendered sample of each lands in artifacts/emails.
/// </summary>
public sealed class EmailTemplateTests
{
    [Fact]
    public async Task Magic_link_goes_to_the_person_with_the_link_and_its_expiry_in_their_zone()
    {
        var link = new Uri("https://portal.example/signin/confirm?token=abc-123_x");
        var email = await EmailSamples.ComposeAsync(new MagicLinkEmail(
            "sam@example.com", "Sam Rivers", "America/New_York", EmailSamples.Links.Protect("abc-123_x"), EmailSamples.Start.AddMinutes(15)));
        EmailSamples.Keep("magic-link", email);

        Assert.Equal("sam@example.com", email.To.Address);
        Assert.Equal("Your sign-in link for Quiet Harbour Therapy", email.Subject);
        Assert.Contains("Hello Sam,", email.Text);
        Assert.Contains($"href=\"{link}\"", email.Html);
        Assert.Contains($"Sign in: {link}", email.Text);
        Assert.Contains("Tuesday 10 March 2026, 11:15 (New York time)", email.Text);
        Assert.Contains("11:15 (New York time)", email.Html);
        Assert.Empty(email.Attachments);
    }

    [Fact]
    public async Task Booking_to_confirm_asks_the_address_owner_with_a_link_and_tells_nothing_of_their_history()
    {
        var link = new Uri("https://portal.example/book/confirm?token=held-123");
        var email = await EmailSamples.ComposeAsync(new BookingToConfirmEmail(
            "sam@example.com", "Sam Rivers", "America/New_York", "Discovery call", EmailSamples.Start,
            EmailSamples.Links.Protect("held-123")));
        EmailSamples.Keep("booking-to-confirm", email);

        Assert.Equal("sam@example.com", email.To.Address);
        Assert.StartsWith("Please confirm your", email.Subject);
        Assert.Contains("Hello Sam,", email.Text);
        Assert.Contains($"Confirm my booking: {link}", email.Text);
        Assert.Contains($"href=\"{link}\"", email.Html);
        Assert.Contains("Tuesday 10 March 2026, 11:00 (New York time)", email.Text);
        Assert.Contains("If it was not you, you can ignore this email", email.Text);
        Assert.Empty(email.Attachments); // nothing is booked yet: no invitation
    }

    [Fact]
    public async Task Booking_confirmed_shows_the_client_their_own_time_the_video_link_and_attaches_the_invitation()
    {
        var booking = EmailSamples.Booking();
        var email = await EmailSamples.ComposeAsync(new BookingConfirmedEmail(booking));
        EmailSamples.Keep("booking-confirmed", email);

        Assert.Equal("sam@example.com", email.To.Address);
        Assert.Equal("Booked: your discovery call on Tue 10 Mar, 11:00 (New York time)", email.Subject);
        foreach (var part in new[] { email.Html, email.Text })
        {
            Assert.Contains("Tuesday 10 March 2026, 11:00 (New York time)", part);
            Assert.Contains("https://meet.example/quiet-harbour", part);
            Assert.Contains("https://portal.example/me", part);
            Assert.DoesNotContain("London time", part);
        }

        var invite = Assert.Single(email.Attachments);
        Assert.Equal("session.ics", invite.FileName);
        Assert.StartsWith("text/calendar", invite.ContentType);
        var ics = Encoding.UTF8.GetString(invite.Content);
        Assert.Contains("METHOD:PUBLISH", ics);
        Assert.Contains($"UID:{booking.BookingId:N}@portal.example", ics);
        Assert.Contains("DTSTART:20260310T150000Z", ics);
        Assert.Contains("DTEND:20260310T152000Z", ics);
        Assert.Contains("BEGIN:VALARM", ics);
        Assert.Contains("TRIGGER:-PT1H", ics);
        Assert.Contains("ACTION:DISPLAY", ics);
    }

    [Fact]
    public async Task Booking_confirmed_for_a_guest_offers_to_create_an_account()
    {
        var claim = new Uri("https://portal.example/signin/confirm?token=claim-xyz");
        var email = await EmailSamples.ComposeAsync(new BookingConfirmedEmail(EmailSamples.Booking(), EmailSamples.Links.Protect("claim-xyz")));

        Assert.Contains($"Create your account: {claim}", email.Text);
        Assert.Contains($"href=\"{claim}\"", email.Html);
    }

    [Fact]
    public async Task New_booking_tells_the_therapist_in_the_practice_zone_with_the_client_and_that_a_note_waits_in_the_portal()
    {
        var booking = EmailSamples.Booking(mode: SessionMode.InPerson, hasNote: true);
        var email = await EmailSamples.ComposeAsync(new NewBookingEmail(booking));
        EmailSamples.Keep("new-booking", email);

        Assert.Equal("anna@quietharbour.example", email.To.Address);
        Assert.Equal("New booking: Sam Rivers, Discovery call, Tue 10 Mar, 15:00 (London time)", email.Subject);
        foreach (var part in new[] { email.Html, email.Text })
        {
            Assert.Contains("15:00 (London time)", part);
            Assert.Contains("sam@example.com", part);
            Assert.Contains("In person, at Quiet Harbour Therapy", part);
            Assert.Contains("https://portal.example/admin", part);
            Assert.DoesNotContain("New York", part);
        }

        Assert.Contains("They left you a note with the booking; it is in your portal.", email.Text);
    }

    [Fact]
    public async Task New_booking_is_not_composed_when_the_practice_has_no_email_address()
    {
        var practice = EmailSamples.Practice();
        practice.TherapistEmail = "";
        var message = Portal.Core.Outbox.OutboxMessage.Create("email", "{}", "k", EmailSamples.Start, null, null);

        Assert.Null(await EmailSamples.Composer().ComposeAsync(new NewBookingEmail(EmailSamples.Booking()), message, practice));
    }

    [Fact]
    public async Task Cancellation_by_the_therapist_apologises_offers_another_time_and_cancels_the_calendar_event()
    {
        var booking = EmailSamples.Booking();
        var email = await EmailSamples.ComposeAsync(
            new BookingChangedEmail(booking, BookingChange.Cancelled, null, ToTherapist: false, ByTherapist: true));
        EmailSamples.Keep("booking-cancelled", email);

        Assert.Equal("sam@example.com", email.To.Address);
        Assert.Equal("Cancelled: your discovery call on Tue 10 Mar, 11:00 (New York time)", email.Subject);
        Assert.Contains("I have had to cancel", email.Text);
        Assert.Contains("Book another time: https://portal.example/book", email.Text);
        var ics = Encoding.UTF8.GetString(Assert.Single(email.Attachments).Content);
        Assert.Contains("METHOD:CANCEL", ics);
        Assert.Contains("STATUS:CANCELLED", ics);
        Assert.DoesNotContain("BEGIN:VALARM", ics);
    }

    [Fact]
    public async Task A_move_by_the_client_tells_the_therapist_both_times_in_the_practice_zone_and_updates_the_event()
    {
        var moved = EmailSamples.Booking() with { StartsAt = EmailSamples.Start.AddDays(1), EndsAt = EmailSamples.Start.AddDays(1).AddMinutes(20) };
        var email = await EmailSamples.ComposeAsync(
            new BookingChangedEmail(moved, BookingChange.Rescheduled, EmailSamples.Start, ToTherapist: true, ByTherapist: false));
        EmailSamples.Keep("booking-rescheduled", email);

        Assert.Equal("anna@quietharbour.example", email.To.Address);
        Assert.Equal("Sam Rivers moved discovery call to Wed 11 Mar, 15:00 (London time)", email.Subject);
        Assert.Contains("from Tue 10 Mar, 15:00 (London time)", email.Text);
        Assert.Contains("Wednesday 11 March 2026, 15:00 (London time)", email.Text);
        var ics = Encoding.UTF8.GetString(Assert.Single(email.Attachments).Content);
        Assert.Contains("DTSTART:20260311T150000Z", ics);
        Assert.Matches(@"SEQUENCE:[1-9]\d*", ics);
    }

    [Fact]
    public async Task A_later_change_carries_a_higher_calendar_sequence()
    {
        var request = new BookingChangedEmail(EmailSamples.Booking(), BookingChange.Rescheduled, EmailSamples.Start, false, false);
        var first = await EmailSamples.ComposeAsync(request, writtenAt: EmailSamples.Start.AddDays(-5));
        var later = await EmailSamples.ComposeAsync(request, writtenAt: EmailSamples.Start.AddDays(-4));

        Assert.True(Sequence(later) > Sequence(first));
    }

    [Fact]
    public async Task A_change_corrected_twenty_seconds_later_carries_a_higher_calendar_sequence_too()
    {
        var moved = new BookingChangedEmail(EmailSamples.Booking(), BookingChange.Rescheduled, EmailSamples.Start, false, false);
        var cancelled = moved with { Change = BookingChange.Cancelled };
        var first = await EmailSamples.ComposeAsync(moved, writtenAt: EmailSamples.Start.AddDays(-5));
        var corrected = await EmailSamples.ComposeAsync(cancelled, writtenAt: EmailSamples.Start.AddDays(-5).AddSeconds(20));

        Assert.True(Sequence(corrected) > Sequence(first));
        Assert.True(string.CompareOrdinal(Stamp(corrected), Stamp(first)) > 0);
    }

    [Fact]
    public async Task Reminder_gives_the_client_their_time_and_how_to_join()
    {
        var email = await EmailSamples.ComposeAsync(new ReminderEmail(EmailSamples.Booking()));
        EmailSamples.Keep("reminder", email);

        Assert.Equal("sam@example.com", email.To.Address);
        Assert.Equal("Reminder: your discovery call, Tue 10 Mar, 11:00 (New York time)", email.Subject);
        Assert.Contains("A gentle reminder of your discovery call on Tuesday 10 March 2026, 11:00 (New York time).", email.Text);
        Assert.Contains("https://meet.example/quiet-harbour", email.Text);
        Assert.Contains("See your booking: https://portal.example/me", email.Text);
    }

    [Fact]
    public async Task New_message_links_to_the_messages_and_never_carries_the_message()
    {
        var email = await EmailSamples.ComposeAsync(new NewMessageEmail(
            "sam@example.com", "Sam Rivers", "America/New_York", "Dr Anna Whitfield", EmailSamples.Start, ToTherapist: false));
        EmailSamples.Keep("new-message", email);

        Assert.Equal("Dr Anna Whitfield sent you a message", email.Subject);
        Assert.Contains("Read the message: https://portal.example/me/messages", email.Text);
        Assert.Contains("11:00 (New York time)", email.Text);
        Assert.Contains("messages stay in the portal", email.Html);
    }

    [Fact]
    public async Task Refund_tells_the_client_how_much_why_and_when_it_arrives_in_their_zone()
    {
        var email = await EmailSamples.ComposeAsync(new RefundEmail(EmailSamples.Booking(), "£75", "Cancelled by the client in time"));
        EmailSamples.Keep("refund", email);

        Assert.Equal("sam@example.com", email.To.Address);
        Assert.Equal("Your refund of £75 is on its way", email.Subject);
        Assert.Contains("Tuesday 10 March 2026, 11:00 (New York time)", email.Text);
        Assert.Contains("Cancelled by the client in time", email.Text);
        Assert.Contains("5 to 10 working days", email.Html);
        Assert.Contains("See your sessions: https://portal.example/me", email.Text);
    }

    [Fact]
    public async Task What_people_typed_is_encoded_in_the_html()
    {
        var email = await EmailSamples.ComposeAsync(new NewBookingEmail(
            EmailSamples.Booking(name: "Sam <script>alert(1)</script> <img src=x onerror=alert(1)> Rivers")));

        Assert.DoesNotContain("<script>", email.Html);
        Assert.DoesNotContain("<img src=x", email.Html);
        Assert.Contains("&lt;script&gt;", email.Html);
    }

    [Fact]
    public async Task The_practice_brand_colours_the_email_and_every_part_is_mobile_ready()
    {
        var practice = EmailSamples.Practice();
        practice.AccentColour = "#7a4b8c";
        practice.PracticeName = "Still Water Counselling";
        var email = await EmailSamples.ComposeAsync(new ReminderEmail(EmailSamples.Booking()), practice);

        Assert.Contains("#7a4b8c", email.Html);
        Assert.Contains("Still Water Counselling", email.Html);
        Assert.Contains("Still Water Counselling", email.Text);
        Assert.Contains("name=\"viewport\"", email.Html);
        Assert.Contains("max-width:560px", email.Html);
        Assert.DoesNotContain("<style", email.Html);
    }

    private static string Stamp(Worker::Portal.Worker.Emails.Delivery.OutgoingEmail email) =>
        Encoding.UTF8.GetString(Assert.Single(email.Attachments).Content).Split("\r\n").Single(l => l.StartsWith("DTSTAMP:"))["DTSTAMP:".Length..];

    private static int Sequence(Worker::Portal.Worker.Emails.Delivery.OutgoingEmail email)
    {
        var ics = Encoding.UTF8.GetString(email.Attachments[0].Content);
        var line = ics.Split("\r\n").Single(l => l.StartsWith("SEQUENCE:"));
        return int.Parse(line["SEQUENCE:".Length..]);
    }
}
