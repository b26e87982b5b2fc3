using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Bookings;
using Portal.Api.Identity;
using Portal.Tests.Fakes;
using Portal.Tests.Identity;
using Portal.Tests.Infrastructure;
using Portal.Tests.Payments;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Privacy;

/// <summary>
/// A client's journey through the Api and the Worker, every log line kept at every level: their email, name, phone and
/// what they wrote appear in none of them.
/// </summary>
public sealed class PersonalDataInLogsTests(PersonalDataInLogsTests.LoggedApi api) : IClassFixture<PersonalDataInLogsTests.LoggedApi>, IAsyncLifetime
{
    private const string Email = "Zelda.Quillfeather@example.com";
    private const string Name = "Zelda Quillfeather";
    private const string Note = "Nightmares since the accident";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private FakeResend resend = null!;

    public sealed class LoggedApi(TestServers servers) : ApiFactory(servers)
    {
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(Logs.AddTo);
        }
    }

    public async ValueTask InitializeAsync() => resend = await FakeResend.StartAsync();

    public ValueTask DisposeAsync() => resend.DisposeAsync();

    [Fact]
    public async Task A_booking_a_sign_in_and_a_payment_leave_no_email_name_phone_or_note_in_any_log()
    {
        var http = api.CreateClient();
        var payments = new PaymentScenario(api);
        var booking = await http.PostAsJsonAsync("/api/bookings", new
        {
            sessionType = "discovery-call", start = Tuesday(9), name = Name, email = Email, phone = "07911 246813",
            timeZone = "Europe/London", note = Note, privacyConsent = true,
        }, ct);
        Assert.True(booking.StatusCode == HttpStatusCode.Created, await booking.Content.ReadAsStringAsync(ct));
        // The same address again: held for it to confirm, and a refusal once it does (an upcoming call).
        await http.PostBookingAsync(Guest("discovery-call", Tuesday(11), Email, name: Name));
        await http.ConfirmHeldAsync((await api.LatestConfirmationAsync(Email)).Token);
        await DrainAsync();

        var therapist = await api.TherapistSignedInAsync();
        var clientId = await ClientIdAsync();
        Assert.Equal(HttpStatusCode.OK, (await therapist.PostAsync($"/api/clients/{clientId}/discovery-completed", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.RequestLinkAsync(Email)).StatusCode);
        var token = await api.LatestLinkTokenAsync(Email);
        await DrainAsync();
        var session = await SignInFlow.SignedInAsync(await http.SpendAsync(token));
        var client = api.WithToken(session.Token);

        var paid = await payments.BookPaidAsync(client, PaymentScenario.Day(1, 10));
        Assert.Equal(HttpStatusCode.OK, (await payments.DeliverAsync(payments.Paid(paid.Id))).StatusCode);
        await DrainAsync();
        Assert.Contains(resend.Sent, e => e.Subject.StartsWith("Booked:") && e.To.Single().Contains(Email, StringComparison.OrdinalIgnoreCase));

        var lines = api.Logs.Lines.ToList();
        Assert.True(lines.Count > 100, $"only {lines.Count} log lines were captured");
        foreach (var secret in new[] { "zelda", "quillfeather", "246813", Note })
        {
            var leaks = lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
            Assert.True(leaks.Count == 0, $"'{secret}' is in the logs:\n{string.Join("\n", leaks)}");
        }
    }

    private async Task DrainAsync()
    {
        await using var worker = TestWorker.WithResend(api.DatabaseConnectionString, resend, api.Clock,
            api.Stripe!.Settings.ToDictionary(s => s.Key, s => (string?)s.Value), api.Logs);
        await worker.DrainAsync(ct);
    }

    private async Task<Guid> ClientIdAsync()
    {
        await using var db = api.OpenDb();
        return await db.Clients.Where(c => c.EmailKey == Email.ToLowerInvariant()).Select(c => c.Id).SingleAsync(ct);
    }
}
