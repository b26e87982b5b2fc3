namespace Portal.AppHost.Infrastructure;

/// <summary>
/// Keys of the outside services (Stripe, Google, Resend), handed from the AppHost's configuration
/// (user secrets or environment) to the services that call them. Each is optional: in Development
/// the Portal runs without them and the features that need one say so instead of failing.
/// </summary>
public static class IntegrationSecrets
{
    public static readonly string[] Keys =
    [
        "Stripe:SecretKey",
        "Stripe:WebhookSecret",
        "Google:ClientId",
        "Google:ClientSecret",
        "Resend:ApiKey",
    ];

    public static IResourceBuilder<T> WithIntegrationSecrets<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment
    {
        var configuration = service.ApplicationBuilder.Configuration;
        foreach (var key in Keys)
        {
            var value = configuration[key];
            if (!string.IsNullOrWhiteSpace(value))
            {
                service.WithEnvironment(key.Replace(":", "__"), value);
            }
        }

        return service;
    }
}
