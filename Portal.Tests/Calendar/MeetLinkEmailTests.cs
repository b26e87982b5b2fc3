using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Emails;

namespace Portal.Tests.Calendar;

/// <summary>A session's Google Meet link, when Google made one, is where the emails say to join (not the standing video room).</summary>
public sealed class MeetLinkEmailTests
{
    private const string Meet = "https://meet.google.com/abc-defg-hij";

    [Fact]
    public async Task The_reminder_gives_the_Meet_link_in_both_its_parts()
    {
        var practice = EmailSamples.Practice();
        practice.VideoCallLink = "https://meet.example/standing-room";
        var message = OutboxMessage.Create(OutboxTypes.Email, "{}", "sample", EmailSamples.Start.AddDays(-1), null, null);

        var email = await EmailSamples.Composer().ComposeAsync(new ReminderEmail(EmailSamples.Booking()), message, practice, Meet);

        Assert.NotNull(email);
        Assert.Contains(Meet, email.Html);
        Assert.Contains(Meet, email.Text);
        Assert.DoesNotContain("standing-room", email.Text);
        EmailSamples.Keep("reminder-with-meet-link", email);
    }

    [Fact]
    public async Task Without_a_Meet_link_the_standing_video_room_stays()
    {
        var practice = EmailSamples.Practice();
        practice.VideoCallLink = "https://meet.example/standing-room";
        var message = OutboxMessage.Create(OutboxTypes.Email, "{}", "sample", EmailSamples.Start.AddDays(-1), null, null);

        var email = await EmailSamples.Composer().ComposeAsync(new ReminderEmail(EmailSamples.Booking()), message, practice);

        Assert.Contains("standing-room", email!.Text);
    }
}
