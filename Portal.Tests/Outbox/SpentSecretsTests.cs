using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Fakes;
using Portal.Tests.Identity;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Outbox;

/// <summary>A link's token is kept (encrypted) only until its email has gone: a copy of the database taken later has none.</summary>
public sealed class SpentSecretsTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public async ValueTask InitializeAsync() => resend = await FakeResend.StartAsync();

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    [Fact]
    public async Task Sign_in_claim_and_confirmation_links_leave_the_outbox_once_their_emails_are_sent()
    {
        var http = api.CreateClient();
        await http.PostBookingAsync(Guest("discovery-call", Tuesday(9), "first-time@example.com"));   // a claim link
        await http.RequestLinkAsync("first-time@example.com");                                     // a sign-in link
        await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), "first-time@example.com"));  // a link to confirm
        var signIn = await api.LatestLinkTokenAsync("first-time@example.com");
        var (_, confirm) = await api.LatestConfirmationAsync("first-time@example.com");
        Assert.Equal(3, (await LinkEmailsAsync()).Count(HasToken));

        await using (var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock))
        {
            await worker.DrainAsync(ct);
        }

        // Each link reached its reader...
        Assert.Contains(resend.Sent, e => (e.Text ?? "").Contains(Uri.EscapeDataString(signIn)));
        Assert.Contains(resend.Sent, e => (e.Text ?? "").Contains(Uri.EscapeDataString(confirm)));
        Assert.Contains(resend.Sent, e => e.Subject.StartsWith("Booked:") && (e.Text ?? "").Contains("/signin/confirm?token="));
        // ...and none is left behind, while the rest of each payload is.
        var kept = await LinkEmailsAsync();
        Assert.Equal(3, kept.Count);
        Assert.DoesNotContain(kept, HasToken);
        Assert.All(kept.OfType<MagicLinkEmail>(), e => Assert.Equal("first-time@example.com", e.To));
    }

    private static bool HasToken(EmailRequest email) => email switch
    {
        MagicLinkEmail link => link.ProtectedToken.Length > 0,
        BookingConfirmedEmail confirmed => confirmed.ProtectedClaimToken is not null,
        BookingToConfirmEmail toConfirm => toConfirm.ProtectedToken.Length > 0,
        _ => false,
    };

    private async Task<List<EmailRequest>> LinkEmailsAsync()
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Email).Select(m => m.Payload).ToListAsync(ct);
        return payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)!)
            .Where(e => e is MagicLinkEmail or BookingToConfirmEmail or BookingConfirmedEmail { Booking.IsDiscoveryCall: true })
            .ToList();
    }
}
