using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Core.Data;

namespace Portal.Api.Infrastructure;

public static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddPortalDb();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddApiProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }
}
