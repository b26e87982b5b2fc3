using System.Collections.Concurrent;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>The Api on its own database, telling which exception each failed fuzz request caused.</summary>
public sealed class FuzzedApi(TestServers servers) : ApiFactory(servers)
{
    public ThrownExceptions Thrown { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // So Resend's webhook checks what it is sent (and refuses it) instead of answering "not set up".
        builder.UseSetting("Resend:WebhookSecret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        builder.ConfigureTestServices(services => services.AddSingleton<IExceptionHandler>(Thrown));
        // Each exception is reported with the request that caused it; thousands of logged stack traces would bury that.
        builder.ConfigureLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None));
    }
}

/// <summary>
/// Sees every exception the Api's exception handler sees, keyed by the request's <see cref="Header"/>, and leaves
/// the answer to the Api's own handling.
/// </summary>
public sealed class ThrownExceptions : IExceptionHandler
{
    public const string Header = "X-Fuzz-Request";

    private readonly ConcurrentDictionary<string, Exception> byRequest = new();

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Request.Headers[Header].ToString() is { Length: > 0 } id)
        {
            byRequest[id] = exception;
        }

        return ValueTask.FromResult(false);
    }

    public Exception? For(string id) => byRequest.GetValueOrDefault(id);
}
