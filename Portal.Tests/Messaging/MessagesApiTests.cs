using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Api.Messaging;
using Portal.Core.Audit;
using Portal.Core.Clients;
using Portal.Core.Messaging;
using Portal.Tests.Infrastructure;
using StackExchange.Redis;

namespace Portal.Tests.Messaging;

/// <summary>Messages through the Api: the progression rule per step, scoping, validation, sealing, audit and live notices.</summary>
public sealed class MessagesApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private async Task<(Client Client, HttpClient Http)> ClientAsync(MessagingPolicyTests.Step step)
    {
        var (client, http) = await api.ClientSignedInAsync($"msg-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        await using var db = api.OpenDb();
        var stored = await db.Clients.SingleAsync(c => c.Id == client.Id, ct);
        var now = api.Clock.GetUtcNow();
        switch (step)
        {
            case MessagingPolicyTests.Step.DiscoveryBooked:
                stored.DiscoveryCallBooked(now);
                break;
            case MessagingPolicyTests.Step.DiscoveryCompleted:
                stored.CompleteDiscovery(now);
                break;
            case MessagingPolicyTests.Step.InactiveAfterDiscovery:
                stored.CompleteDiscovery(now);
                stored.MarkInactive(now);
                break;
        }

        await db.SaveChangesAsync(ct);
        return (stored, http);
    }

    private async Task<Guid> WelcomeThreadAsync(Guid clientId)
    {
        await using var db = api.OpenDb();
        var thread = MessageThread.Welcome(clientId, "Welcome", "Welcome, and thank you for reaching out.", TestSealing.Sealer, api.Clock.GetUtcNow());
        db.MessageThreads.Add(thread);
        await db.SaveChangesAsync(ct);
        return thread.Id;
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient http, string subject, string body, Guid? clientId = null) =>
        http.PostAsJsonAsync("/api/messages/threads", new { clientId, subject, body }, TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> ReplyAsync(HttpClient http, Guid threadId, string body) =>
        http.PostAsJsonAsync($"/api/messages/threads/{threadId}/messages", new { body }, TestContext.Current.CancellationToken);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string whyNot)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal(whyNot, problem!.Detail);
    }

    [Fact]
    public async Task A_prospect_with_no_booking_can_neither_start_nor_reply_and_is_told_why()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.Prospect);
        var welcome = await WelcomeThreadAsync(client.Id);

        await AssertRefusedAsync(await StartAsync(http, "A question", "Can I ask something?"), MessagingPolicy.NotYet);
        await AssertRefusedAsync(await ReplyAsync(http, welcome, "Thank you"), MessagingPolicy.NotYet);
        var list = await http.GetFromJsonAsync<ThreadPageResponse>("/api/messages/threads", ct);
        Assert.False(list!.MayStart);
        Assert.Equal(MessagingPolicy.NotYet, list.WhyNot);
        var thread = await http.GetFromJsonAsync<ThreadResponse>($"/api/messages/threads/{welcome}", ct);
        Assert.False(thread!.MayReply);
        Assert.Equal("Welcome, and thank you for reaching out.", Assert.Single(thread.Messages).Body);
    }

    [Fact]
    public async Task A_client_with_a_discovery_call_booked_replies_in_the_welcome_thread_but_cannot_start_one()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryBooked);
        var welcome = await WelcomeThreadAsync(client.Id);

        var reply = await ReplyAsync(http, welcome, "Thank you, see you on Tuesday.\nSam");
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Equal("Thank you, see you on Tuesday.\nSam", (await reply.Content.ReadFromJsonAsync<MessageResponse>(ct))!.Body);
        await AssertRefusedAsync(await StartAsync(http, "Another thing", "And a question"), MessagingPolicy.RepliesOnly);
    }

    [Fact]
    public async Task A_client_past_the_discovery_call_starts_a_thread_and_the_therapist_sees_it_unread_first()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var therapist = await api.TherapistSignedInAsync();
        var older = await StartAsync(therapist, "Older", "From you, earlier", client.Id);
        Assert.Equal(HttpStatusCode.Created, older.StatusCode);
        api.Clock.Advance(TimeSpan.FromMinutes(1));

        var started = await StartAsync(http, "About next week", "Could we move to Thursday?");

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var thread = (await started.Content.ReadFromJsonAsync<ThreadResponse>(ct))!;
        Assert.True(thread.StartedByClient);
        Assert.Equal("About next week", thread.Subject);
        var inbox = await therapist.GetFromJsonAsync<ThreadPageResponse>($"/api/messages/threads?clientId={client.Id}", ct);
        Assert.Equal(["About next week", "Older"], inbox!.Threads.Select(t => t.Subject));
        Assert.Equal(1, inbox.Threads[0].UnreadCount);
        Assert.True(inbox.MayStart);

        var read = await therapist.PostAsync($"/api/messages/threads/{thread.Id}/read", null, ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var after = await therapist.GetFromJsonAsync<ThreadPageResponse>($"/api/messages/threads?clientId={client.Id}", ct);
        Assert.All(after!.Threads, t => Assert.Equal(0, t.UnreadCount));
        // Her own message waits for the client, not for her.
        Assert.Equal(1, (await http.GetFromJsonAsync<UnreadMessages>("/api/messages/unread-count", ct))!.Count);
    }

    [Fact]
    public async Task An_inactive_client_reads_but_cannot_write()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.InactiveAfterDiscovery);
        var welcome = await WelcomeThreadAsync(client.Id);

        await AssertRefusedAsync(await ReplyAsync(http, welcome, "Hello again"), MessagingPolicy.ReadOnly);
        await AssertRefusedAsync(await StartAsync(http, "Hello", "Hello again"), MessagingPolicy.ReadOnly);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/messages/threads/{welcome}", ct)).StatusCode);
    }

    [Theory]
    [InlineData(MessagingPolicyTests.Step.Prospect)]
    [InlineData(MessagingPolicyTests.Step.InactiveAfterDiscovery)]
    public async Task The_therapist_can_always_start_and_reply(MessagingPolicyTests.Step step)
    {
        var (client, _) = await ClientAsync(step);
        var therapist = await api.TherapistSignedInAsync();

        var started = await StartAsync(therapist, "Checking in", "How have you been?", client.Id);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var thread = (await started.Content.ReadFromJsonAsync<ThreadResponse>(ct))!;
        Assert.Equal(HttpStatusCode.Created, (await ReplyAsync(therapist, thread.Id, "No rush to answer.")).StatusCode);
    }

    [Fact]
    public async Task Another_clients_thread_is_as_if_it_did_not_exist()
    {
        var (a, _) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var (_, b) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var threadOfA = await WelcomeThreadAsync(a.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/messages/threads/{threadOfA}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReplyAsync(b, threadOfA, "Not mine")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostAsync($"/api/messages/threads/{threadOfA}/read", null, ct)).StatusCode);
        // A client cannot aim a thread at someone else: the client id is the caller's own.
        var aimed = await StartAsync(b, "Hello", "Hello", a.Id);
        Assert.Equal(HttpStatusCode.Created, aimed.StatusCode);
        Assert.NotEqual(a.Id, (await aimed.Content.ReadFromJsonAsync<ThreadResponse>(ct))!.ClientId);
        Assert.DoesNotContain((await b.GetFromJsonAsync<ThreadPageResponse>("/api/messages/threads", ct))!.Threads, t => t.ClientId == a.Id);
    }

    [Fact]
    public async Task Empty_too_long_or_subjectless_messages_are_refused_with_what_to_fix()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var welcome = await WelcomeThreadAsync(client.Id);

        var empty = await ReplyAsync(http, welcome, "  \n ");
        var tooLong = await ReplyAsync(http, welcome, new string('a', Message.MaxBodyLength + 1));
        var noSubject = await StartAsync(http, "", "Hello");
        var therapistWithoutClient = await StartAsync(await api.TherapistSignedInAsync(), "Hello", "Hello");

        foreach (var (response, field) in new[] { (empty, "body"), (tooLong, "body"), (noSubject, "subject"), (therapistWithoutClient, "clientId") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(ct);
            Assert.Contains(field, problem!.Errors.Keys);
        }

        Assert.Equal(HttpStatusCode.Created, (await ReplyAsync(http, welcome, new string('a', Message.MaxBodyLength))).StatusCode);
    }

    [Fact]
    public async Task The_messages_table_holds_no_plain_text_of_what_was_sent()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        const string subject = "Zephyrine worries";
        const string body = "I keep waking at four, thinking about the marmalade incident.";

        var started = await StartAsync(http, subject, body);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);

        await using var db = api.OpenDb();
        var rows = await db.Database.SqlQueryRaw<string>(
            "SELECT m::text AS \"Value\" FROM messages m UNION ALL SELECT t::text FROM message_threads t").ToListAsync(ct);
        Assert.NotEmpty(rows);
        Assert.DoesNotContain(rows, row => row.Contains("marmalade", StringComparison.OrdinalIgnoreCase) || row.Contains("Zephyrine", StringComparison.OrdinalIgnoreCase));
        var bytes = await db.Messages.Where(m => db.MessageThreads.Any(t => t.Id == m.ThreadId && t.ClientId == client.Id))
            .Select(m => m.SealedBody).SingleAsync(ct);
        Assert.DoesNotContain("marmalade", Encoding.UTF8.GetString(bytes), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TestSealing.KeyId, Portal.Core.Sealing.Sealer.KeyIdOf(bytes));
        Assert.Equal(0, await db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM outbox_messages WHERE payload::text ILIKE '%marmalade%'").SingleAsync(ct));
    }

    [Fact]
    public async Task Her_reading_of_a_thread_and_of_the_inbox_is_audited_and_a_clients_own_reading_is_not()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var welcome = await WelcomeThreadAsync(client.Id);
        var therapist = await api.TherapistSignedInAsync();

        await http.GetAsync($"/api/messages/threads/{welcome}", ct);
        await therapist.GetAsync($"/api/messages/threads/{welcome}", ct);
        await therapist.GetAsync($"/api/messages/threads?clientId={client.Id}", ct);

        await using var db = api.OpenDb();
        var reads = await db.ClinicalReads.Where(r => r.ClientId == client.Id).OrderBy(r => r.At).ToListAsync(ct);
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal(ClinicalRecord.Messages, r.Record));
        Assert.Contains(reads, r => r.Shown.StartsWith($"conversation {welcome:N}", StringComparison.Ordinal));
        Assert.Contains(reads, r => r.Shown.StartsWith("messages inbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_message_and_each_read_is_told_to_the_live_pages_with_ids_only()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var welcome = await WelcomeThreadAsync(client.Id);
        var prefix = api.Services.GetRequiredService<IOptionsMonitor<MessagingOptions>>().CurrentValue.LiveChannelPrefix;
        var heard = Channel.CreateUnbounded<string>();
        var subscriber = api.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber();
        var channel = RedisChannel.Literal(MessageNotice.Channel(prefix));
        await subscriber.SubscribeAsync(channel, (_, value) => heard.Writer.TryWrite(value!));
        try
        {
            Assert.Equal(HttpStatusCode.Created, (await ReplyAsync(http, welcome, "Quillwort is on my mind")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await (await api.TherapistSignedInAsync()).PostAsync($"/api/messages/threads/{welcome}/read", null, ct)).StatusCode);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var posted = await heard.Reader.ReadAsync(timeout.Token);
            var read = await heard.Reader.ReadAsync(timeout.Token);
            Assert.DoesNotContain("Quillwort", posted, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(new { Kind = MessageNoticeKind.Posted, ThreadId = welcome, ClientId = client.Id, ByTherapist = false },
                MessageNotice.FromJson(posted) is { } p ? new { p.Kind, p.ThreadId, p.ClientId, p.ByTherapist } : null);
            Assert.Equal(MessageNoticeKind.Read, MessageNotice.FromJson(read)!.Kind);
            Assert.True(MessageNotice.FromJson(read)!.ByTherapist);
        }
        finally
        {
            await subscriber.UnsubscribeAsync(channel);
        }
    }

    [Fact]
    public async Task Older_messages_come_a_page_at_a_time()
    {
        var (client, http) = await ClientAsync(MessagingPolicyTests.Step.DiscoveryCompleted);
        var welcome = await WelcomeThreadAsync(client.Id);
        for (var i = 1; i <= 4; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Created, (await ReplyAsync(http, welcome, $"Note {i}")).StatusCode);
        }

        var newest = (await http.GetFromJsonAsync<ThreadResponse>($"/api/messages/threads/{welcome}?take=2", ct))!;
        Assert.Equal(["Note 3", "Note 4"], newest.Messages.Select(m => m.Body));
        Assert.True(newest.HasOlder);
        var older = (await http.GetFromJsonAsync<ThreadResponse>($"/api/messages/threads/{welcome}?take=2&before={newest.Messages[0].Id}", ct))!;
        Assert.Equal(["Note 1", "Note 2"], older.Messages.Select(m => m.Body));
        Assert.True(older.HasOlder);
        var oldest = (await http.GetFromJsonAsync<ThreadResponse>($"/api/messages/threads/{welcome}?take=2&before={older.Messages[0].Id}", ct))!;
        Assert.Equal("Welcome, and thank you for reaching out.", Assert.Single(oldest.Messages).Body);
        Assert.False(oldest.HasOlder);
    }
}
