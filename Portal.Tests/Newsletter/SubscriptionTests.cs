using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Newsletter;
using Portal.Core.Newsletter;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Newsletter;

/// <summary>Double opt-in, consent records, unsubscribe links and a client's own choice, through the Api.</summary>
public sealed class SubscriptionTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_up_sends_a_confirmation_and_subscribes_nobody_until_its_link_is_posted()
    {
        var http = api.CreateClient();

        var response = await api.SubscribeAsync(http, "Reader.One@Example.com", "Reader One");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pending = await api.SubscriberAsync("reader.one@example.com");
        Assert.Equal(SubscriberStatus.Pending, pending!.Status);
        var token = Assert.Single(await api.ConfirmationTokensAsync("reader.one@example.com"));

        var confirmed = await http.PostAsJsonAsync("/api/newsletter/confirm", new { token }, ct);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("R***@Example.com", (await confirmed.Content.ReadFromJsonAsync<NewsletterAddress>(ct))!.Address);
        Assert.Equal(SubscriberStatus.Subscribed, (await api.SubscriberAsync("reader.one@example.com"))!.Status);
        var consents = await api.ConsentsAsync(pending.Id);
        Assert.Equal([ConsentAction.Requested, ConsentAction.Confirmed], consents.Select(c => c.Action));
        Assert.Equal(["newsletter form", "confirmation link"], consents.Select(c => c.Source));
        Assert.All(consents, c => Assert.Equal(api.Clock.GetUtcNow(), c.At));

        // Spent: the same link does nothing a second time.
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/newsletter/confirm", new { token }, ct)).StatusCode);
    }

    [Fact]
    public async Task Every_address_gets_the_same_answer_and_nobody_gets_a_flood_of_confirmations()
    {
        var http = api.CreateClient();
        await api.SubscribeAsync(http, "already@example.com");
        var token = Assert.Single(await api.ConfirmationTokensAsync("already@example.com"));
        await http.PostAsJsonAsync("/api/newsletter/confirm", new { token }, ct);

        var subscribed = await api.SubscribeAsync(http, "already@example.com");
        var fresh = await api.SubscribeAsync(http, "fresh@example.com");
        var again = await api.SubscribeAsync(http, "fresh@example.com");

        Assert.Equal(await fresh.Content.ReadAsStringAsync(ct), await subscribed.Content.ReadAsStringAsync(ct));
        Assert.Equal(await fresh.Content.ReadAsStringAsync(ct), await again.Content.ReadAsStringAsync(ct));
        Assert.Single(await api.ConfirmationTokensAsync("already@example.com"));
        Assert.Single(await api.ConfirmationTokensAsync("fresh@example.com"));

        // After the quiet period a new request sends a new link, and only the newest one works.
        api.Clock.Advance(NewsletterDesk.QuietPeriod + TimeSpan.FromMinutes(1));
        await api.SubscribeAsync(http, "fresh@example.com");
        var tokens = await api.ConfirmationTokensAsync("fresh@example.com");
        Assert.Equal(2, tokens.Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/newsletter/confirm", new { token = tokens[1] }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/newsletter/confirm", new { token = tokens[0] }, ct)).StatusCode);
    }

    [Fact]
    public async Task A_confirmation_link_expires_after_seven_days()
    {
        var http = api.CreateClient();
        await api.SubscribeAsync(http, "slow-reader@example.com");
        var token = Assert.Single(await api.ConfirmationTokensAsync("slow-reader@example.com"));

        api.Clock.Advance(NewsletterDesk.ConfirmationLifetime + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/newsletter/confirm", new { token }, ct)).StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await api.SubscriberAsync("slow-reader@example.com"))!.Status);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("")]
    public async Task A_malformed_address_is_sent_back_with_what_to_fix(string email)
    {
        var response = await api.SubscribeAsync(api.CreateClient(), email);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(NewsletterDesk.InvalidEmail, problem.GetProperty("errors").GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task The_booking_forms_ticked_box_asks_the_address_to_confirm_and_an_unticked_box_does_nothing()
    {
        api.Clock.Set(ApiFactory.DefaultNow); // other tests of the class move it on a week: Tuesday would be past
        var http = api.CreateClient();
        var ticked = Guest("discovery-call", Tuesday(9), "booker-yes@example.com");
        var body = System.Text.Json.JsonSerializer.SerializeToNode(ticked)!.AsObject();
        body["newsletterConsent"] = true;

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/bookings", body, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), "booker-no@example.com"))).StatusCode);

        var subscriber = await api.SubscriberAsync("booker-yes@example.com");
        Assert.Equal(SubscriberStatus.Pending, subscriber!.Status);
        Assert.Equal("booking form", Assert.Single(await api.ConsentsAsync(subscriber.Id)).Source);
        Assert.Single(await api.ConfirmationTokensAsync("booker-yes@example.com"));
        Assert.Null(await api.SubscriberAsync("booker-no@example.com"));
    }

    [Fact]
    public async Task An_unsubscribe_link_unsubscribes_at_once_records_how_and_works_again_harmlessly()
    {
        var http = api.CreateClient();
        await api.SubscribeAsync(http, "leaver@example.com");
        await http.PostAsJsonAsync("/api/newsletter/confirm", new { token = Assert.Single(await api.ConfirmationTokensAsync("leaver@example.com")) }, ct);
        var subscriber = (await api.SubscriberAsync("leaver@example.com"))!;
        var issue = Guid.NewGuid();
        var token = api.UnsubscribeToken(subscriber.Id, issue);

        var address = await http.PostAsJsonAsync("/api/newsletter/unsubscribe/address", new { token }, ct);
        Assert.Equal("l***@example.com", (await address.Content.ReadFromJsonAsync<NewsletterAddress>(ct))!.Address);
        Assert.Equal(SubscriberStatus.Subscribed, (await api.SubscriberAsync("leaver@example.com"))!.Status);

        var first = await http.PostAsJsonAsync("/api/newsletter/unsubscribe", new { token, oneClick = true }, ct);
        var second = await http.PostAsJsonAsync("/api/newsletter/unsubscribe", new { token }, ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await api.SubscriberAsync("leaver@example.com"))!.Status);
        var withdrawn = Assert.Single(await api.ConsentsAsync(subscriber.Id), c => c.Action == ConsentAction.Withdrawn);
        Assert.Equal("one-click unsubscribe", withdrawn.Source);
        Assert.Equal(issue, withdrawn.IssueId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CfDJ8forged-token")]
    public async Task A_forged_unsubscribe_token_is_refused(string token)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/newsletter/unsubscribe", new { token }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task A_client_chooses_on_their_page_without_a_confirmation_email_and_can_leave_again()
    {
        var (client, http) = await api.ClientSignedInAsync("chooser@example.com", discoveryCompleted: false);

        Assert.Equal(new NewsletterChoice(false, "None"), await http.GetFromJsonAsync<NewsletterChoice>("/api/me/newsletter", ct));
        var joined = await http.PutAsJsonAsync("/api/me/newsletter", new { subscribed = true }, ct);
        Assert.Equal(new NewsletterChoice(true, "Subscribed"), await joined.Content.ReadFromJsonAsync<NewsletterChoice>(ct));
        var left = await http.PutAsJsonAsync("/api/me/newsletter", new { subscribed = false }, ct);
        Assert.Equal(new NewsletterChoice(false, "Unsubscribed"), await left.Content.ReadFromJsonAsync<NewsletterChoice>(ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PutAsJsonAsync("/api/me/newsletter", new { }, ct)).StatusCode);

        var subscriber = (await api.SubscriberAsync(client.Email))!;
        Assert.Equal([ConsentAction.Chosen, ConsentAction.Withdrawn], (await api.ConsentsAsync(subscriber.Id)).Select(c => c.Action));
        Assert.Empty(await api.ConfirmationTokensAsync(client.Email));
    }
}

/// <summary>The confirmation email as the Worker sends it.</summary>
public sealed class ConfirmationEmailTests(NewsletterApiFactory api) : IClassFixture<NewsletterApiFactory>
{
    [Fact]
    public async Task The_confirmation_email_carries_a_link_to_the_confirm_page_and_its_token_is_not_kept_once_sent()
    {
        await using var resend = await Fakes.FakeResend.StartAsync();
        await api.SubscribeAsync(api.CreateClient(), "mailed@example.com", "Mia Mailed");
        var token = Assert.Single(await api.ConfirmationTokensAsync("mailed@example.com"));

        await using (var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend))
        {
            await worker.DrainUntilSettledAsync(api.DatabaseConnectionString, TimeSpan.FromSeconds(30));
        }

        var email = Assert.Single(resend.Sent, e => e.To.Single().Contains("mailed@example.com"));
        Assert.StartsWith("Please confirm", email.Subject);
        Assert.Contains($"newsletter/confirm?token={Uri.EscapeDataString(token)}", email.Text);
        Assert.Contains("Hello Mia,", email.Text);
        // Once sent, the outbox keeps no usable copy of the link.
        Assert.Empty(await api.ConfirmationTokensAsync("mailed@example.com"));
    }
}
