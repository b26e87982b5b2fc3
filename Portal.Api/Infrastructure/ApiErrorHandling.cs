namespace Portal.Api.Infrastructure;

public static class ApiErrorHandling
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        // A request that cannot be bound throws in every environment, so it reaches ApiExceptionProblems and leaves
        // as a 400 that says what to fix (not a bare 400 in Production, nor a 500 in Development).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ApiExceptionProblems>();
        services.AddSingleton<DatabaseWatch>();
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // No endpoint matched at all: say so, rather than an empty "Not Found".
            if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && context.HttpContext.GetEndpoint() is null)
            {
                context.ProblemDetails.Detail =
                    $"There is no Api endpoint at '{context.HttpContext.Request.Path}'. The OpenAPI document lists them all.";
            }
        });
    }

    /// <summary>
    /// Every error leaves the Api as ProblemDetails: unhandled exceptions (without their details),
    /// unknown routes (404), wrong methods (405).
    /// </summary>
    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestHygiene();
        app.UseDatabaseWatch();
        return app;
    }

    /// <summary>A ProblemDetails answer written by middleware, where no endpoint result runs.</summary>
    public static ValueTask WriteProblemAsync(this HttpContext http, int status, string title, string detail, string? type = null)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }
}

/// <summary>The one answer the Api gives while its database is away, wherever that is noticed.</summary>
public static class DatabaseAway
{
    public const string Type = "unavailable";
    public const string Title = "Briefly unavailable";
    public const string Detail =
        "The practice's database cannot be reached just now. Nothing was changed; please try again in a few seconds.";

    public const string RetryAfterSeconds = "5";
}
