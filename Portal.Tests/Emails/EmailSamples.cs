extern alias Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;
using Portal.Core.Bookings;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Practice;
using Portal.Tests.Infrastructure;
using Worker::Portal.Worker.Emails;
using Worker::Portal.Worker.Emails.Delivery;

namespace Portal.Tests.Emails;

/// <summary>One booking seen from two zones: the client in New York, the practice in London.</summary>
internal static class EmailSamples
{
    public static readonly Uri PublicUrl = new("https://portal.example/");

    /// <summary>Tuesday 10 March 2026 15:00 UTC: 15:00 in London (GMT), 11:00 in New York (EDT since 8 March).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    public static PracticeSettings Practice() => new()
    {
        TimeZone = "Europe/London",
        PracticeName = "Quiet Harbour Therapy",
        TherapistName = "Dr Anna Whitfield",
        TherapistEmail = "anna@quietharbour.example",
        AccentColour = "#3f6b5c",
        VideoCallLink = "https://meet.example/quiet-harbour",
    };

    public static BookingFacts Booking(SessionMode mode = SessionMode.Virtual, string name = "Sam Rivers", bool hasNote = false) => new(
        Guid.Parse("0193a0b2-0000-7000-8000-000000000001"),
        Guid.Parse("0193a0b2-0000-7000-8000-0000000000c1"),
        name,
        "sam@example.com",
        "America/New_York",
        "Discovery call",
        mode,
        IsDiscoveryCall: true,
        Start,
        Start.AddMinutes(20),
        BookedAt: new DateTimeOffset(2026, 3, 2, 22, 40, 0, TimeSpan.Zero),
        hasNote);

    /// <summary>The same kind of key ring the Api encrypts sign-in tokens with; here an ephemeral one.</summary>
    public static readonly LinkProtector Links = new(new EphemeralDataProtectionProvider());

    public static EmailComposer Composer() => new(
        new EmailRenderer(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance),
        new PortalLinks(PublicUrl),
        Links,
        Options.Create(new EmailOptions { From = "Quiet Harbour Therapy <hello@quietharbour.example>" }));

    public static async Task<OutgoingEmail> ComposeAsync(EmailRequest request, PracticeSettings? practice = null, DateTimeOffset? writtenAt = null)
    {
        var message = OutboxMessage.Create(OutboxTypes.Email, "{}", "sample", writtenAt ?? Start.AddDays(-7), null, null);
        var email = await Composer().ComposeAsync(request, message, practice ?? Practice());
        Assert.NotNull(email);
        return email;
    }

    /// <summary>Keeps the rendered email for a person to look at (artifacts/emails).</summary>
    public static void Keep(string name, OutgoingEmail email)
    {
        var folder = Repository.Artifacts("emails");
        File.WriteAllText(Path.Combine(folder, name + ".html"), email.Html);
        File.WriteAllText(Path.Combine(folder, name + ".txt"), $"Subject: {email.Subject}\r\nTo: {email.To.Name} <{email.To.Address}>\r\n\r\n{email.Text}");
        foreach (var attachment in email.Attachments)
        {
            File.WriteAllBytes(Path.Combine(folder, $"{name}-{attachment.FileName}"), attachment.Content);
        }
    }
}
