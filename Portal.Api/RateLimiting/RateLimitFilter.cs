using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Portal.Api.RateLimiting;

public static class RateLimitFilter
{
    /// <summary>Refuses with 429, a Retry-After header and a ProblemDetails saying when to come back.</summary>
    /// <param name="perIp">Count by address even for signed-in callers.</param>
    /// <param name="applies">Whom the limit is for (everyone when null).</param>
    /// <param name="validationIsFree">A request answered 400 (the form sent back with what to fix) is not counted.</param>
    public static TBuilder RequireRateLimit<TBuilder>(
        this TBuilder endpoint, Func<RateRules, RateRule> rule, string ruleName, bool perIp = false, Func<HttpContext, bool>? applies = null,
        bool validationIsFree = false)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (applies is not null && !applies(http))
            {
                return await next(context);
            }

            var rules = http.RequestServices.GetRequiredService<IOptionsMonitor<RateRules>>().CurrentValue;
            var limiter = http.RequestServices.GetRequiredService<SharedRateLimiter>();
            var partition = perIp ? IpPartition(http) : CallerPartition(http);
            var decision = await limiter.TryAcquireAsync(ruleName, rule(rules), partition);
            if (!decision.Allowed)
            {
                return TooMany(http, decision);
            }

            var result = await next(context);
            if (validationIsFree && StatusOf(result) == StatusCodes.Status400BadRequest)
            {
                await limiter.GiveBackAsync(ruleName, partition);
            }

            return result;
        });

    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult withStatus => withStatus.StatusCode,
        _ => null,
    };

    /// <summary>Signed in: the user; otherwise the address the request came from.</summary>
    public static string CallerPartition(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? $"user:{http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value}"
            : IpPartition(http);

    public static string IpPartition(HttpContext http) => $"ip:{http.Connection.RemoteIpAddress}";

    public static IResult TooMany(HttpContext http, RateDecision decision)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many attempts",
            detail: $"Please wait {(seconds < 120 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes")} and try again.",
            extensions: new Dictionary<string, object?> { ["code"] = "rate-limited", ["retryAfterSeconds"] = seconds });
    }

    public static IHostApplicationBuilder AddSharedRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateRules>(builder.Configuration.GetSection("RateLimits"));
        builder.Services.AddSingleton<SharedRateLimiter>();
        builder.Services.AddSingleton<BatchedRateCounts>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BatchedRateCounts>());
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisClient("redis", configureOptions: options =>
            {
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.AsyncTimeout = 1000;
            });
        }

        return builder;
    }
}
