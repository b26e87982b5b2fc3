using System.Net;
using System.Net.Http.Json;
using Portal.Api.Calendar;
using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Calendar;

/// <summary>The Api with Google pointed at a <see cref="FakeGoogle"/> of its own.</summary>
public sealed class GoogleApiFactory(TestServers servers) : ApiFactory(servers), IAsyncLifetime
{
    public FakeGoogle Google { get; private set; } = null!;

    /// <summary>Where the Worker's emails go.</summary>
    public FakeResend Resend { get; private set; } = null!;

    public new async ValueTask InitializeAsync()
    {
        Google = await FakeGoogle.StartAsync();
        Resend = await FakeResend.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Google.DisposeAsync();
        await Resend.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string> Settings =>
        DefaultSettings.Concat(Google.Settings.Select(s => KeyValuePair.Create(s.Key, s.Value!))).ToDictionary();

    /// <summary>A Worker over this factory's database, speaking to the same fake Google.</summary>
    public TestWorker Worker(IReadOnlyDictionary<string, string?>? more = null) =>
        TestWorker.WithResend(DatabaseConnectionString, Resend, Clock, Google.Settings.Concat(more ?? new Dictionary<string, string?>()).ToDictionary());

    /// <summary>She connects her Google account: consent allowed on the fake's page, the answer handed in by her session.</summary>
    public async Task<GoogleStatusResponse> ConnectAsync(HttpClient therapist)
    {
        var callback = await ConsentAsync(therapist, allow: true);
        using var answer = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<GoogleStatusResponse>())!;
    }

    /// <summary>Begins a connect and answers Google's consent page: the address Google sends her back to.</summary>
    public async Task<Uri> ConsentAsync(HttpClient therapist, bool allow)
    {
        using var begun = await therapist.PostAsync("/api/integrations/google/connect", null);
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var consent = (await begun.Content.ReadFromJsonAsync<GoogleConsentResponse>())!;
        return await Google.ConsentAsync(consent.AuthorizeUrl, allow);
    }
}
