using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.FullStack;

/// <summary>
/// PostgreSQL stopped for 40 seconds under a steady stream of slot searches and bookings: the Api answers 503 (not 500,
/// not a hang) meanwhile, the Api and the Worker recover by themselves, and afterwards every booking that was answered
/// 201 is in the database exactly once, and every email it owes has gone.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class DatabaseOutageStackTests(PortalStack stack)
{
    // Longer than the longest a request caught by the stop may hang (two connect timeouts and a retry, about 30 s): the
    // stream waits for each pair, so a shorter outage can pass with nothing new asked while the database is away.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(40);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private sealed record Answer(string Kind, DateTimeOffset At, HttpStatusCode Status, TimeSpan Took, string ContentType, Guid? BookingId, string Email);

    [Fact]
    public async Task The_Api_answers_503_while_PostgreSQL_is_away_and_every_201_booking_and_its_emails_survive()
    {
        // A plain client: no retries of ours may hide what the Api answered.
        using var api = new HttpClient { BaseAddress = stack.App.GetEndpoint("api", "http"), Timeout = TimeSpan.FromSeconds(30) };
        var starts = await FreeStartsAsync(api);
        var answers = new ConcurrentQueue<Answer>();
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stream = StreamAsync(api, starts, answers, streaming.Token);
        await Eventually.TrueAsync(() => answers.Any(a => a.Status == HttpStatusCode.Created), TimeSpan.FromSeconds(60),
            "no booking succeeded before the outage: " + Describe(answers));

        await StopPostgresAsync();
        var stoppedAt = DateTimeOffset.UtcNow; // down for certain from here (a fast shutdown still takes a moment)
        await Task.Delay(Outage, ct);
        var restartedAt = DateTimeOffset.UtcNow;
        await StartPostgresAsync();
        NpgsqlConnection.ClearAllPools(); // this process's idle connections to the stack went down with the server
        await Eventually.TrueAsync(
            () => answers.Any(a => a.Kind == "book" && a.At > restartedAt && a.Status == HttpStatusCode.Created),
            TimeSpan.FromSeconds(60), "no booking succeeded after PostgreSQL came back: " + Describe(answers.Where(a => a.At > restartedAt)));
        await streaming.CancelAsync();
        await stream;

        var during = answers.Where(a => a.At > stoppedAt && a.At < restartedAt).ToList();
        Assert.True(during.Count > 0, "Nothing was asked while the database was away: " + Describe(answers));
        Assert.All(answers, a => Assert.True((int)a.Status < 500 || a.Status == HttpStatusCode.ServiceUnavailable, $"{a.Kind} answered {(int)a.Status}"));
        // Requests in flight when the server goes wait out at most two connect timeouts and the retry between them
        // (15 s each: DCP's proxy accepts a connection to the stopped server and then says nothing); once the Api
        // knows the database is away, the rest are answered at once.
        Assert.All(during, a => Assert.True(a.Took < TimeSpan.FromSeconds(35), $"{a.Kind} hung for {a.Took} while the database was away"));
        var firstRefusal = during.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).Min(a => a.At + a.Took);
        // "At once": well under one connect timeout (15 s), with room for a stall of a loaded machine (2.8 s seen once on 2
        // cores, every test class running alongside).
        Assert.All(during.Where(a => a.At > firstRefusal.AddSeconds(3)), a => Assert.True(a.Took < TimeSpan.FromSeconds(5),
            $"{a.Kind} took {a.Took} although the Api knew the database was away: {Describe(during)}"));
        Assert.Contains(during, a => a.Status == HttpStatusCode.ServiceUnavailable && a.ContentType == "application/problem+json");

        var booked = answers.Where(a => a.Status == HttpStatusCode.Created).ToList();
        // Not from this process's pool: its idle connections to the stack went down with the server.
        var connection = new NpgsqlConnectionStringBuilder(await stack.App.GetConnectionStringAsync("portal", ct)) { Pooling = false };
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(ct);
        var stored = await BookingsOfAsync(db, answers.Select(a => a.Email).ToArray());
        Assert.Equal(booked.Select(a => a.BookingId!.Value).Order(), stored.Order());

        // The Worker came back on its own: each booking's confirmation left the outbox, once.
        await Eventually.TrueAsync(async () => await OwedConfirmationsAsync(db, stored) == 0, TimeSpan.FromSeconds(90),
            "confirmations of bookings made around the outage are still owed");
        Assert.All(stored, id => Assert.True(File.Exists(Path.Combine(stack.MailFolder, $"booking-{id:N}-confirmed-client-email.eml")), $"no email for {id}"));
    }

    private static string Describe(IEnumerable<Answer> answers) =>
        string.Join("; ", answers.Select(a => $"{a.Kind} {a.At:HH:mm:ss.f} {(int)a.Status} {a.Took.TotalSeconds:0.0}s"));

    private static async Task<List<DateTimeOffset>> FreeStartsAsync(HttpClient api)
    {
        // Weeks well ahead of the other full-stack tests' bookings.
        var from = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(50));
        var slots = await api.GetFromJsonAsync<SlotsResponse>(
            $"/api/slots?sessionType=discovery-call&from={from:yyyy-MM-dd}&to={from.AddDays(30):yyyy-MM-dd}&tz=Europe/London");
        return [.. slots!.Days.SelectMany(d => d.Starts).Select(DateTimeOffset.Parse)];
    }

    private static async Task StreamAsync(HttpClient api, List<DateTimeOffset> starts, ConcurrentQueue<Answer> answers, CancellationToken cancellationToken)
    {
        var next = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var search = TimeAsync("search", "", () => api.SendAsync(new HttpRequestMessage(HttpMethod.Get,
                $"/api/slots?sessionType=discovery-call&from={DateTime.UtcNow.AddDays(1 + (next % 20)):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(8 + (next % 20)):yyyy-MM-dd}&tz=Europe/London")
            {
                Headers = { { "X-Forwarded-For", $"10.78.{next / 250}.{(next % 250) + 1}" } },
            }));
            var email = $"outage-{Guid.NewGuid():N}@example.com";
            var start = starts[next++ % starts.Count];
            var book = TimeAsync("book", email, () => api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/bookings")
            {
                Content = JsonContent.Create(Guest("discovery-call", start, email)),
                // Each booking as another visitor (as the Web forwards them), so the per-visitor limit stays out of the way.
                Headers = { { "X-Forwarded-For", $"10.77.{next / 250}.{(next % 250) + 1}" } },
            }));
            foreach (var answer in await Task.WhenAll(search, book))
            {
                answers.Enqueue(answer);
            }

            try
            {
                await Task.Delay(150, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<Answer> TimeAsync(string kind, string email, Func<Task<HttpResponseMessage>> send)
    {
        var at = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var response = await send();
        var took = clock.Elapsed;
        Guid? id = response.StatusCode == HttpStatusCode.Created
            ? (await response.Content.ReadFromJsonAsync<BookingResponse>())!.Id
            : null;
        return new Answer(kind, at, response.StatusCode, took, response.Content.Headers.ContentType?.MediaType ?? "", id, email);
    }

    /// <summary>As an operator would: a fast shutdown of the server, not of the AppHost's record of it.</summary>
    private async Task StopPostgresAsync() =>
        await ProcessRunner.RunAsPostgresUserAsync("/usr/lib/postgresql/15/bin/pg_ctl", TimeSpan.FromSeconds(30),
            "-D", stack.PostgresDataPath, "-m", "fast", "-w", "stop");

    private async Task StartPostgresAsync()
    {
        await stack.WaitForAsync("postgres", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var started = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, ct);
        Assert.True(started.Success, started.Message);
        using var healthy = CancellationTokenSource.CreateLinkedTokenSource(ct);
        healthy.CancelAfter(TimeSpan.FromSeconds(60));
        await stack.WaitForAsync("postgres", e => e.Snapshot.HealthStatus == HealthStatus.Healthy, healthy.Token);
    }

    private static async Task<List<Guid>> BookingsOfAsync(NpgsqlConnection db, string[] emails)
    {
        await using var command = new NpgsqlCommand(
            "SELECT b.id FROM bookings b JOIN clients c ON c.id = b.client_id WHERE c.email = ANY(@emails)", db);
        command.Parameters.AddWithValue("emails", emails);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static async Task<long> OwedConfirmationsAsync(NpgsqlConnection db, List<Guid> bookings)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM outbox_messages WHERE processed_at IS NULL AND deduplication_key = ANY(@keys)", db);
        command.Parameters.AddWithValue("keys", bookings.Select(id => $"booking:{id:N}:confirmed:client-email").ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
