using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Messaging;
using Portal.Core.Messaging;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Messaging;

/// <summary>
/// A message left unread for ten minutes brings its recipient one email that says a message waits, never what it says;
/// several in that time bring one email, and one read in time brings none.
/// </summary>
public sealed class UnreadMessageEmailTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private static readonly TimeSpan EmailAfter = TimeSpan.FromMinutes(10);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public async ValueTask InitializeAsync()
    {
        resend = await FakeResend.StartAsync();
        await using var db = api.OpenDb();
        (await db.PracticeSettings.SingleAsync()).TherapistEmail = "anna@quietharbour.example";
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    private async Task<(Guid ClientId, string Email, HttpClient Http, Guid Thread)> ClientWithThreadAsync()
    {
        var email = $"unread-{Guid.NewGuid():N}@example.com";
        var (client, http) = await api.ClientSignedInAsync(email, discoveryCompleted: true);
        await using var db = api.OpenDb();
        // The welcome stays unread, as it often does: it must not swallow the email of what comes later.
        var thread = MessageThread.Welcome(client.Id, "Welcome", "Welcome to the practice.", TestSealing.Sealer, api.Clock.GetUtcNow());
        db.MessageThreads.Add(thread);
        await db.SaveChangesAsync(ct);
        api.Clock.Advance(TimeSpan.FromHours(1));
        return (client.Id, email, http, thread.Id);
    }

    private async Task SendAsync(HttpClient http, Guid thread, string body) =>
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/api/messages/threads/{thread}/messages", new { body }, ct)).StatusCode);

    private async Task<IReadOnlyList<ReceivedEmail>> EmailsAfterTheDelayAsync(string to)
    {
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock);
        await worker.DrainAsync(ct);
        Assert.DoesNotContain(resend.Sent, e => e.To.Any(t => t.Contains(to, StringComparison.OrdinalIgnoreCase)));
        api.Clock.Advance(EmailAfter);
        await worker.DrainAsync(ct);
        return [.. resend.Sent.Where(e => e.To.Any(t => t.Contains(to, StringComparison.OrdinalIgnoreCase)))];
    }

    [Fact]
    public async Task Three_quick_messages_to_a_client_bring_one_email_without_their_words()
    {
        var (_, email, _, thread) = await ClientWithThreadAsync();
        var therapist = await api.TherapistSignedInAsync();
        await SendAsync(therapist, thread, "Periwinkle homework for this week.");
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(therapist, thread, "And the periwinkle worksheet too.");
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(therapist, thread, "Last periwinkle note, promise.");

        var emails = await EmailsAfterTheDelayAsync(email);

        var sent = Assert.Single(emails);
        Assert.Contains("sent you a message", sent.Subject);
        Assert.DoesNotContain("periwinkle", $"{sent.Subject} {sent.Html} {sent.Text}", StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"/me/messages/{thread}", sent.Text);
    }

    [Fact]
    public async Task A_message_read_within_the_delay_brings_no_email()
    {
        var (_, email, http, thread) = await ClientWithThreadAsync();
        var therapist = await api.TherapistSignedInAsync();
        await SendAsync(therapist, thread, "See you on Thursday.");
        api.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/messages/threads/{thread}/read", null, ct)).StatusCode);

        Assert.Empty(await EmailsAfterTheDelayAsync(email));
    }

    [Fact]
    public async Task A_clients_unread_message_brings_the_therapist_one_email_that_opens_the_thread()
    {
        var (clientId, _, http, thread) = await ClientWithThreadAsync();
        var before = resend.Sent.Count(e => e.To.Any(t => t.Contains("anna@quietharbour.example")) && e.Text!.Contains(thread.ToString()));
        await SendAsync(http, thread, "Gooseberry dreams again.");
        await SendAsync(http, thread, "Sorry, one more gooseberry thing.");

        await EmailsAfterTheDelayAsync($"never-{clientId:N}@example.com");

        var toHer = resend.Sent.Where(e => e.To.Any(t => t.Contains("anna@quietharbour.example")) && e.Text!.Contains($"/admin/messages/{thread}")).ToList();
        Assert.Equal(before + 1, toHer.Count);
        Assert.DoesNotContain("gooseberry", $"{toHer[^1].Subject} {toHer[^1].Html} {toHer[^1].Text}", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task After_a_read_a_new_message_owes_a_new_email()
    {
        var (_, email, http, thread) = await ClientWithThreadAsync();
        var therapist = await api.TherapistSignedInAsync();
        await SendAsync(therapist, thread, "First.");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/messages/threads/{thread}/read", null, ct)).StatusCode);
        await SendAsync(therapist, thread, "Second.");

        Assert.Single(await EmailsAfterTheDelayAsync(email));
    }
}
