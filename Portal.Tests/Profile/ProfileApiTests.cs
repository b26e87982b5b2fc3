using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Profile;
using Portal.Tests.Fakes;
using Portal.Tests.Identity;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Profile;

/// <summary>A client's own details: changed at once, except the email address, which waits for the link sent to it.</summary>
public sealed partial class ProfileApiTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public async ValueTask InitializeAsync() => resend = await FakeResend.StartAsync();

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    [Fact]
    public async Task Name_phone_zone_and_email_choices_change_at_once_and_mistakes_are_named()
    {
        var (client, http) = await api.ClientSignedInAsync($"profile-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);

        var changed = await http.PutAsJsonAsync("/api/me/profile", new
        {
            name = "  Sam Newname ", phone = "07911 123456", timeZone = "America/New_York", remindersByEmail = false, messageNoticesByEmail = true,
        }, ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var profile = (await changed.Content.ReadFromJsonAsync<ProfileResponse>(ct))!;
        Assert.Equal(("Sam Newname", "+447911123456", "America/New_York", false, true),
            (profile.Name, profile.Phone, profile.TimeZone, profile.RemindersByEmail, profile.MessageNoticesByEmail));
        Assert.Equal(client.Email, profile.Email);

        var refused = await http.PutAsJsonAsync("/api/me/profile", new { name = "", phone = "12345", timeZone = "Mars/Base" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await ProblemAsync(refused)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("phone", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));
        Assert.Equal("Sam Newname", (await http.GetFromJsonAsync<ProfileResponse>("/api/me/profile", ct))!.Name);
    }

    [Fact]
    public async Task A_new_address_takes_effect_only_when_its_link_is_followed_and_the_old_address_is_told()
    {
        var oldAddress = $"old-{Guid.NewGuid():N}@example.com";
        var newAddress = $"New-{Guid.NewGuid():N}@Example.com";
        var (client, http) = await api.ClientSignedInAsync(oldAddress, discoveryCompleted: false);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/me/email-change", new { email = newAddress }, ct)).StatusCode);
        var waiting = await http.GetFromJsonAsync<ProfileResponse>("/api/me/profile", ct);
        Assert.Equal((oldAddress, newAddress), (waiting!.Email, waiting.PendingEmail));

        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);
        var linkEmail = Assert.Single(resend.Sent, e => e.To.Single().Contains(newAddress));
        Assert.DoesNotContain(resend.Sent, e => e.To.Single().Contains(oldAddress));
        var token = Uri.UnescapeDataString(TokenInLink().Match(linkEmail.Text!).Groups[1].Value);
        Assert.NotEmpty(token);

        // Reading the address spends nothing; following the link twice changes once.
        var anonymous = api.CreateClient();
        var masked = await anonymous.PostAsJsonAsync("/api/email-change/address", new { token }, ct);
        Assert.Equal(HttpStatusCode.OK, masked.StatusCode);
        Assert.DoesNotContain(newAddress, (await masked.Content.ReadFromJsonAsync<EmailChangeLinkResponse>(ct))!.Email);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/email-change/confirm", new { token }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/api/email-change/confirm", new { token }, ct)).StatusCode);

        var after = await http.GetFromJsonAsync<ProfileResponse>("/api/me/profile", ct);
        Assert.Equal(newAddress, after!.Email);
        Assert.Null(after.PendingEmail);
        await using (var db = api.OpenDb())
        {
            Assert.Equal(newAddress.ToLowerInvariant(), (await db.UserAccounts.SingleAsync(u => u.ClientId == client.Id, ct)).EmailKey);
            Assert.Equal(newAddress.ToLowerInvariant(), (await db.Clients.SingleAsync(c => c.Id == client.Id, ct)).EmailKey);
        }

        await worker.DrainAsync(ct);
        var told = Assert.Single(resend.Sent, e => e.To.Single().Contains(oldAddress));
        Assert.Contains("was changed", told.Subject);
        Assert.DoesNotContain(newAddress, told.Text!); // masked: the old mailbox may no longer be theirs
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_newsletter_follows_a_changed_address_and_nothing_is_left_under_the_old_one(bool newAddressAskedToJoinAlready)
    {
        var oldAddress = $"reader-{Guid.NewGuid():N}@example.com";
        var newAddress = $"reader-{Guid.NewGuid():N}@example.org";
        var (_, http) = await api.ClientSignedInAsync(oldAddress, discoveryCompleted: false);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/me/newsletter", new { subscribed = true }, ct)).StatusCode);
        if (newAddressAskedToJoinAlready)
        {
            // From the public form, not yet confirmed: the confirmed subscription under the old address wins, and moves.
            Assert.Equal(HttpStatusCode.Accepted,
                (await api.CreateClient().PostAsJsonAsync("/api/newsletter/subscriptions", new { email = newAddress }, ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/me/email-change", new { email = newAddress }, ct)).StatusCode);
        var token = await api.LatestEmailChangeTokenAsync(newAddress);
        Assert.Equal(HttpStatusCode.NoContent, (await api.CreateClient().PostAsJsonAsync("/api/email-change/confirm", new { token }, ct)).StatusCode);

        await using var db = api.OpenDb();
        Assert.False(await db.NewsletterSubscribers.AnyAsync(s => s.EmailKey == oldAddress || s.Email == oldAddress, ct));
        var now = await db.NewsletterSubscribers.SingleAsync(s => s.EmailKey == newAddress, ct);
        Assert.Contains("Subscribed", await http.GetStringAsync("/api/me/newsletter", ct));
        Assert.Equal((newAddress, Portal.Core.Newsletter.SubscriberStatus.Subscribed), (now.Email, now.Status));
        Assert.True(await db.NewsletterConsents.AnyAsync(c => c.SubscriberId == now.Id, ct)); // its history went with it
    }

    [Fact]
    public async Task An_address_already_used_at_the_practice_is_not_taken_and_the_asker_learns_nothing()
    {
        var (_, asker) = await api.ClientSignedInAsync($"asker-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        var (other, _) = await api.ClientSignedInAsync($"owner-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);

        var response = await asker.PostAsJsonAsync("/api/me/email-change", new { email = other.Email.ToUpperInvariant() }, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode); // as for a free address
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);
        var toOwner = Assert.Single(resend.Sent, e => e.To.Single().Contains(other.Email, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotMatch(TokenInLink(), toOwner.Text!);
        Assert.Contains("nothing was changed", toOwner.Text!);
        // The profile looks as for a free address: waiting for a link (one that was never sent, and would be refused).
        Assert.Equal(other.Email.ToUpperInvariant(), (await asker.GetFromJsonAsync<ProfileResponse>("/api/me/profile", ct))!.PendingEmail);
        await using var db = api.OpenDb();
        Assert.Equal(other.Id, (await db.Clients.SingleAsync(c => c.EmailKey == other.Email.ToLowerInvariant(), ct)).Id);
    }

    [Fact]
    public async Task A_bad_address_or_the_same_one_is_refused_with_a_sentence()
    {
        var (client, http) = await api.ClientSignedInAsync($"same-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/me/email-change", new { email = "val@nowhere" }, ct)).StatusCode);
        var same = await http.PostAsJsonAsync("/api/me/email-change", new { email = client.Email.ToUpperInvariant() }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("already the address", (await ProblemAsync(same)).GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest,
            (await api.CreateClient().PostAsJsonAsync("/api/email-change/confirm", new { token = "made-up" }, ct)).StatusCode);
    }

    [Fact]
    public async Task Reminders_follow_the_clients_choice_and_address_at_sending_time()
    {
        var quiet = $"quiet-{Guid.NewGuid():N}@example.com";
        var (_, quietHttp) = await api.ClientSignedInAsync(quiet, discoveryCompleted: false);
        var moved = $"moved-{Guid.NewGuid():N}@example.com";
        var (_, movedHttp) = await api.ClientSignedInAsync(moved, discoveryCompleted: false);
        Assert.Equal(HttpStatusCode.Created, (await quietHttp.PostBookingAsync(Guest("discovery-call", Tuesday(15), quiet))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await movedHttp.PostBookingAsync(Guest("discovery-call", Tuesday(15, 30), moved))).StatusCode);

        // After booking, one turns reminders off; the other moves to a new address.
        Assert.Equal(HttpStatusCode.OK, (await quietHttp.PutAsJsonAsync("/api/me/profile", new
        {
            name = "Quiet Client", phone = "+447911123456", timeZone = "Europe/London", remindersByEmail = false, messageNoticesByEmail = true,
        }, ct)).StatusCode);
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        var newAddress = $"moved-on-{Guid.NewGuid():N}@example.com";
        await movedHttp.PostAsJsonAsync("/api/me/email-change", new { email = newAddress }, ct);
        await worker.DrainAsync(ct);
        var token = Uri.UnescapeDataString(TokenInLink().Match(resend.Sent.Single(e => e.To.Single().Contains(newAddress)).Text!).Groups[1].Value);
        Assert.Equal(HttpStatusCode.NoContent, (await api.CreateClient().PostAsJsonAsync("/api/email-change/confirm", new { token }, ct)).StatusCode);

        api.Clock.Set(Tuesday(15).AddHours(-23));
        try
        {
            await worker.DrainAsync(ct);
        }
        finally
        {
            api.Clock.Set(ApiFactory.DefaultNow);
        }

        var reminders = resend.Sent.Where(e => e.Subject.StartsWith("Reminder")).ToList();
        Assert.DoesNotContain(reminders, e => e.To.Single().Contains(quiet));
        Assert.DoesNotContain(reminders, e => e.To.Single().Contains(moved + ">") || e.To.Single() == moved);
        Assert.Single(reminders, e => e.To.Single().Contains(newAddress));
    }

    [GeneratedRegex(@"me/email/confirm\?token=([^\s\]\)""]+)")]
    private static partial Regex TokenInLink();
}
