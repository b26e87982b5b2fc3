using Portal.Api.Identity;
using Portal.Core;

namespace Portal.Api.Infrastructure;

public static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddPortalCore();
        builder.Services.AddApiProblemDetails();
        builder.Services.AddPortalAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }
}
