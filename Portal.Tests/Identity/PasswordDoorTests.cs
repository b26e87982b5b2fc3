using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Api.Identity;
using Portal.Core.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>The Api as <c>./run.sh</c> runs it: Development, and nobody opened the password door.</summary>
public sealed class DevelopmentApiFactory(TestServers servers) : ApiFactory(servers)
{
    protected override string EnvironmentName => "Development";
}

/// <summary>Development with the door opened; requests arrive from loopback, as the Web's do.</summary>
public sealed class PasswordDoorApiFactory(TestServers servers) : ApiFactory(servers)
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Log { get; } = new();

    protected override string EnvironmentName => "Development";

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string>(DefaultSettings) { ["Identity:PasswordDoor:Enabled"] = "true" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, FromLoopback>();
            services.AddSingleton<ILoggerProvider>(new Recorder(Log));
        });
    }

    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    private sealed class Recorder(ConcurrentQueue<(LogLevel, string)> log) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Enqueue((logLevel, formatter(state, exception)));
            }
        }

        public void Dispose()
        {
        }
    }
}

public sealed class ShutPasswordDoorTests(DevelopmentApiFactory api) : IClassFixture<DevelopmentApiFactory>
{
    [Fact]
    public async Task In_Development_without_the_opt_in_there_is_no_password_door()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = api.CreateClient();

        var response = await http.PostAsJsonAsync("/api/auth/password", new { email = "x@example.com", password = "portal-dev" }, ct);
        var state = await http.GetFromJsonAsync<PasswordDoorState>("/api/auth/password-door", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(state!.Open);
    }
}

public sealed class PasswordDoorTests(PasswordDoorApiFactory api) : IClassFixture<PasswordDoorApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opened_in_Development_any_account_signs_in_from_this_machine_with_the_password_and_a_wrong_one_is_refused()
    {
        await AddTherapistAsync("dev.therapist@example.com");
        var http = api.CreateClient();

        var wrong = await http.PostAsJsonAsync("/api/auth/password", new { email = "dev.therapist@example.com", password = "guess" }, ct);
        var right = await http.PostAsJsonAsync("/api/auth/password", new { email = "dev.therapist@example.com", password = "portal-dev" }, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Therapist", (await SignInFlow.SignedInAsync(right)).Role);
        Assert.True((await http.GetFromJsonAsync<PasswordDoorState>("/api/auth/password-door", ct))!.Open);
    }

    [Fact]
    public async Task A_visitor_the_Web_forwards_from_another_address_is_refused_with_the_right_password()
    {
        await AddTherapistAsync("far.therapist@example.com");
        var visitor = api.CreateClient();
        visitor.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        var response = await visitor.PostAsJsonAsync("/api/auth/password", new { email = "far.therapist@example.com", password = "portal-dev" }, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False((await visitor.GetFromJsonAsync<PasswordDoorState>("/api/auth/password-door", ct))!.Open);
    }

    [Fact]
    public async Task The_start_up_log_warns_that_the_door_is_open()
    {
        _ = api.Server;

        Assert.Contains(api.Log, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("password door is open"));
    }

    private async Task AddTherapistAsync(string email)
    {
        await using var db = api.OpenDb();
        db.UserAccounts.Add(UserAccount.ForTherapist(email, ApiFactory.DefaultNow));
        await db.SaveChangesAsync(ct);
    }
}
