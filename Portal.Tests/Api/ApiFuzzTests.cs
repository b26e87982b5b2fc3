using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Availability;
using Portal.Core.Bookings;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Api.Fuzzing;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Api;

/// <summary>
/// Every operation of the Api's own OpenAPI document, as an anonymous visitor, a client and the therapist, with
/// requests made wrong one part at a time. Whatever a caller sends, the Api answers 4xx ProblemDetails (or succeeds),
/// never 5xx, within 5 seconds. A new endpoint is fuzzed as soon as it is in the document.
/// </summary>
public sealed partial class ApiFuzzTests(FuzzedApi api, ITestOutputHelper output) : IClassFixture<FuzzedApi>
{
    /// <summary>Set PORTAL_FUZZ_SEED to explore other random values; a failure names the seed to repeat it with.</summary>
    private const int DefaultSeed = 20260302;

    private const int Parallelism = 4;

    private static readonly TimeSpan NoAnswer = TimeSpan.FromSeconds(30);

    /// <summary>What the document cannot show: Stripe's signature header (a valid one is never sent: it needs the secret).</summary>
    private static readonly Dictionary<string, UndocumentedHeader> UndocumentedHeaders = new()
    {
        ["StripeWebhook"] = new("Stripe-Signature", $"t={ApiFactory.DefaultNow.ToUnixTimeSeconds()},v1={new string('0', 64)}",
        [
            "", "garbage", "t=99999999999999999999999,v1=00", "t=-1,v1=00", "t=,v1=", ",,,=,=", "v1=00", "t=1772434800",
            $"t=1772434800,v1={new string('0', MalformedSamples.HugeUrlLength)}", "t=１２,v1=ü😀",
        ]),
    };

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Malformed_requests_to_every_operation_answer_4xx_problem_details_within_five_seconds()
    {
        var started = Stopwatch.StartNew();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PORTAL_FUZZ_SEED"), out var chosen) ? chosen : DefaultSeed;

        var operations = await ServedOperationsAsync();
        var therapist = await api.TherapistSignedInAsync();
        await ArrangeSomethingOfEachAsync(therapist);
        var random = new Random(seed);
        var existing = await ExistingValues.ReadAsync(therapist, operations, random, ct);
        var requests = new MalformedRequests(random, existing.For, UndocumentedHeaders);
        var sends = new List<Send>();
        foreach (var operation in operations)
        {
            var callers = await CallersAsync(operation);
            foreach (var request in requests.For(operation))
            {
                foreach (var (caller, http) in callers)
                {
                    sends.Add(new Send($"{sends.Count}", request, caller, http));
                }
            }
        }

        var answers = new ConcurrentBag<FuzzAnswer>();
        await SendAllAsync(sends.Where(s => s.Request.Part == RequestPart.None), answers);
        // Query, headers and body are read past authorization: a caller turned away there gets the route and whole-body cases only.
        var turnedAway = answers.Where(a => a.Status is 401 or 403).Select(a => (a.Request.Operation, a.Caller)).ToHashSet();
        var rest = sends.Where(s => s.Request.Part != RequestPart.None).ToList();
        var past = rest.Where(s => !(turnedAway.Contains((s.Request.Operation, s.Caller))
            && s.Request.Part is RequestPart.Query or RequestPart.Header or RequestPart.BodyValue)).ToList();
        await SendAllAsync(past, answers);

        var report = new FuzzReport(seed, [.. answers], rest.Count - past.Count, started.Elapsed, Parallelism);
        var file = Path.Combine(Repository.Artifacts("fuzz"), "api-fuzz-report.txt");
        await File.WriteAllTextAsync(file, report.Full, ct);
        output.WriteLine(report.Summary);
        Assert.True(report.Passed, $"{report.Problems}\nThe full report, with the requests per operation: {file}");
    }

    private Task SendAllAsync(IEnumerable<Send> sends, ConcurrentBag<FuzzAnswer> answers) =>
        Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (send, token) => answers.Add(await SendAsync(send, token)));

    private async Task<FuzzAnswer> SendAsync(Send send, CancellationToken token)
    {
        var (id, request, caller, http) = send;
        using var message = request.ToMessage();
        message.Headers.TryAddWithoutValidation(ThrownExceptions.Header, id);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(message, token);
            var body = await response.Content.ReadAsStringAsync(token);
            return new FuzzAnswer(request, caller, (int)response.StatusCode, watch.Elapsed, response.Content.Headers.ContentType?.MediaType,
                body.Length, FuzzRequest.Shorten(body, 1000), api.Thrown.For(id), null);
        }
        catch (Exception exception) when (!token.IsCancellationRequested)
        {
            return new FuzzAnswer(request, caller, 0, watch.Elapsed, null, 0, "", api.Thrown.For(id), exception);
        }
    }

    /// <summary>The document's operations that this (non-Development) Api serves: the Development-only ones are left out.</summary>
    private async Task<IReadOnlyList<ApiOperation>> ServedOperationsAsync()
    {
        var development = api.WithWebHostBuilder(builder => builder.UseEnvironment("Development")).CreateClient();
        var documented = OpenApiOperations.Read(await development.GetStringAsync("/openapi/v1.json", ct));
        var served = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                $"{method} /{RouteConstraint().Replace(e.RoutePattern.RawText!.TrimStart('/').TrimEnd('/'), "{$1}")}"))
            .ToHashSet();
        var notServed = documented.Where(o => !served.Contains(o.ToString())).ToList();
        if (notServed.Count > 0)
        {
            output.WriteLine($"Not served outside Development, so not fuzzed: {string.Join(", ", notServed)}");
        }

        Assert.NotEmpty(documented);
        return [.. documented.Except(notServed)];
    }

    /// <summary>
    /// People of their own for each operation: signing out (everywhere) in one operation must not sign the others'
    /// requests out, which would hide what they would find.
    /// </summary>
    private async Task<List<(string Caller, HttpClient Http)>> CallersAsync(ApiOperation operation)
    {
        var email = $"fuzz-{operation.Name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var (_, client) = await api.ClientSignedInAsync(email, discoveryCompleted: true);
        List<(string Caller, HttpClient Http)> callers = [("anonymous", api.CreateClient()), ("client", client), ("therapist", await api.TherapistSignedInAsync())];
        callers.ForEach(c => c.Http.Timeout = NoAnswer);
        return callers;
    }

    /// <summary>
    /// Bookings (one for each operation on a booking), a notification, a dead letter, a day off and a session type,
    /// for the route values that name one.
    /// </summary>
    private async Task ArrangeSomethingOfEachAsync(HttpClient therapist)
    {
        foreach (var hour in new[] { 9, 11, 13, 15 })
        {
            var booked = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(hour), $"fuzz-guest-{hour}@example.com"));
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync("/api/me", ct)).StatusCode);

        await using var db = api.OpenDb();
        db.Notifications.Add(Notification.From(
            new NotificationRequest(Audience.Therapist, null, "Fuzz", "For the therapist", "/admin"), "fuzz:notification", ApiFactory.DefaultNow));
        var dead = OutboxMessage.Create(OutboxTypes.Email, "{}", "fuzz:dead-letter", ApiFactory.DefaultNow, null, null);
        dead.DeadLetter("refused", ApiFactory.DefaultNow);
        db.OutboxMessages.Add(dead);
        db.AvailabilityExceptions.Add(new AvailabilityException { Date = new DateOnly(2026, 3, 27), Kind = AvailabilityExceptionKind.DayOff });
        // Listed first, so the session type the fuzz changes (deactivates, even) is this one, not the discovery call
        // every booking and slot search of the run asks for.
        db.SessionTypes.Add(new SessionType
        {
            Slug = "fuzz-to-change", Name = "Changed by the fuzz", Description = "", Duration = TimeSpan.FromMinutes(50), Currency = "GBP",
            DisplayOrder = int.MinValue,
        });
        await db.SaveChangesAsync(ct);
    }

    private sealed record Send(string Id, FuzzRequest Request, string Caller, HttpClient Http);

    /// <summary><c>{id:guid}</c> as the document writes it: <c>{id}</c>.</summary>
    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}
