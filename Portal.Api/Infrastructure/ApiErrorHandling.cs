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
}
