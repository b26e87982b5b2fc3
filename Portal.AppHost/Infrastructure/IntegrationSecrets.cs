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
        "Stripe:ApiBase",
        "Google:ClientId",
        "Google:ClientSecret",
        // Where Google is (tests point these at a fake); Google's own addresses unless set.
        "Google:RedirectUri",
        "Google:AuthorizeEndpoint",
        "Google:TokenEndpoint",
        "Google:RevokeEndpoint",
        "Google:CalendarApi",
        "Resend:ApiKey",
        "Smtp:Host",
        "Smtp:Port",
        "Smtp:Username",
        "Smtp:Password",
        "Email:From",
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

    /// <summary>The therapist's sign-in address (<c>Identity:TherapistEmail</c>): her account is created from it.</summary>
    public static IResourceBuilder<T> WithTherapistAccount<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment
    {
        var email = service.ApplicationBuilder.Configuration["Identity:TherapistEmail"];
        return string.IsNullOrWhiteSpace(email) ? service : service.WithEnvironment("Identity__TherapistEmail", email);
    }

    /// <summary>
    /// Without an email provider, the Worker writes each email into <c>.local/data/mail/</c> at the repository's
    /// root (as <c>.eml</c> and <c>.html</c>) for a developer to open.
    /// </summary>
    public static IResourceBuilder<T> WithLocalMailFolder<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment
    {
        var configuration = service.ApplicationBuilder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["Resend:ApiKey"]) && string.IsNullOrWhiteSpace(configuration["Smtp:Host"]))
        {
            service.WithEnvironment("Email__PickupDirectory", LocalProcessSettings.MailPath(service.ApplicationBuilder));
        }

        return service;
    }
}
