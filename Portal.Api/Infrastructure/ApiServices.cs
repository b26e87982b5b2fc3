using Portal.Core;

namespace Portal.Api.Infrastructure;

public static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddPortalCore();
        builder.Services.AddApiProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
