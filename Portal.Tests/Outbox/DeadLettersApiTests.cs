using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Outbox;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Outbox;

/// <summary>The therapist sees what failed to go out and can send it again.</summary>
public sealed class DeadLettersApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_the_therapist_sees_dead_letters()
    {
        var (_, client) = await api.ClientSignedInAsync("nosy@example.com", discoveryCompleted: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/api/outbox/dead-letters", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/outbox/dead-letters", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/outbox/dead-letters/{Guid.NewGuid()}/retry", null, ct)).StatusCode);
    }

    [Fact]
    public async Task A_dead_letter_is_listed_with_its_reason_and_a_retry_sends_it()
    {
        await using var resend = await FakeResend.StartAsync();
        resend.RefuseRecipient = to => to.Contains("retry-me") ? "The domain is not verified." : null;
        var key = Assert.Single(await OutboxSeeding.AddEmailsAsync(api.DatabaseConnectionString, 1, "retry-me{0}@example.com"));
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend);
        await worker.DrainAsync(ct);
        var therapist = await api.TherapistSignedInAsync();

        var dead = Assert.Single((await therapist.GetFromJsonAsync<DeadLetterResponse[]>("/api/outbox/dead-letters", ct))!, d => d.Key == key);
        Assert.Equal("email", dead.Type);
        Assert.Equal("New message email to Reader 0 (retry-me0@example.com)", dead.Description);
        Assert.Contains("domain is not verified", dead.LastError);

        resend.RefuseRecipient = null; // the therapist fixed the domain
        Assert.Equal(HttpStatusCode.NoContent, (await therapist.PostAsync($"/api/outbox/dead-letters/{dead.Id}/retry", null, ct)).StatusCode);
        await worker.DrainAsync(ct);

        Assert.Single(resend.Sent, e => e.IdempotencyKey == key);
        Assert.DoesNotContain((await therapist.GetFromJsonAsync<DeadLetterResponse[]>("/api/outbox/dead-letters", ct))!, d => d.Key == key);
        await using var db = api.OpenDb();
        Assert.NotNull((await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == key, ct)).ProcessedAt);
    }

    [Fact]
    public async Task Retrying_something_that_is_not_dead_is_not_found()
    {
        var key = Assert.Single(await OutboxSeeding.AddEmailsAsync(api.DatabaseConnectionString, 1, "alive{0}@example.com"));
        await using var db = api.OpenDb();
        var message = await db.OutboxMessages.SingleAsync(m => m.DeduplicationKey == key, ct);
        var therapist = await api.TherapistSignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await therapist.PostAsync($"/api/outbox/dead-letters/{message.Id}/retry", null, ct)).StatusCode);
    }
}
