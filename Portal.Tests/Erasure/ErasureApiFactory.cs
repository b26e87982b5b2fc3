using Portal.Tests.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Erasure;

/// <summary>The Api with Stripe and Twenty configured, and a Worker that sends through a fake Resend to read the links.</summary>
public sealed class ErasureApiFactory(TestServers servers) : ApiFactory(servers), IAsyncLifetime
{
    public FakeTwenty Twenty { get; private set; } = null!;

    public FakeResend Resend { get; private set; } = null!;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        Twenty = await FakeTwenty.StartAsync();
        Resend = await FakeResend.StartAsync();
        await InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Twenty.DisposeAsync();
        await Resend.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(DefaultSettings)
    {
        ["Twenty:BaseUrl"] = Twenty.BaseUrl.ToString(),
        ["Twenty:ApiKey"] = FakeTwenty.ApiKey,
    };

    public TestWorker Worker()
    {
        var settings = Stripe!.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        settings["Twenty:BaseUrl"] = Twenty.BaseUrl.ToString();
        settings["Twenty:ApiKey"] = FakeTwenty.ApiKey;
        return TestWorker.WithResend(DatabaseConnectionString, Resend, Clock, settings);
    }
}
