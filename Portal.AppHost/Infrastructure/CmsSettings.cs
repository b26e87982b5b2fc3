namespace Portal.AppHost.Infrastructure;

/// <summary>
/// The CMS: the <c>cms-schema</c> step (the Worker's verb) brings Directus to the Portal's schema and creates the Flow
/// that calls the Api's webhook with a shared secret, and sets up a read-only Directus account for the Api, whose token
/// the Api reads with (it never holds the admin token).
/// </summary>
public static class CmsSettings
{
    public const string WebhookPath = "/api/webhooks/directus";

    /// <summary>The secret the Flow sends and the Api checks: generated once and kept in the user secrets.</summary>
    public static IResourceBuilder<ParameterResource> AddCmsWebhookSecret(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("directus-webhook-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>The token of the Api's read-only Directus account: generated once and kept in the user secrets.</summary>
    public static IResourceBuilder<ParameterResource> AddCmsApiToken(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("directus-api-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>The schema step: Directus's admin token, and the Api's token and secret to set up.</summary>
    public static IResourceBuilder<T> WithCmsAdministration<T>(
        this IResourceBuilder<T> step, PortalInfrastructure infrastructure, IResourceBuilder<ParameterResource> apiToken,
        IResourceBuilder<ParameterResource> webhookSecret)
        where T : IResourceWithEnvironment =>
        step
            .WithEnvironment("Cms__DirectusToken", infrastructure.DirectusAdminToken)
            .WithEnvironment("Cms__ApiToken", apiToken)
            .WithEnvironment("Cms__WebhookSecret", webhookSecret);

    /// <summary>The Api: its read-only token and the secret the Flow sends.</summary>
    public static IResourceBuilder<T> WithCmsReading<T>(
        this IResourceBuilder<T> api, IResourceBuilder<ParameterResource> apiToken, IResourceBuilder<ParameterResource> webhookSecret)
        where T : IResourceWithEnvironment =>
        api
            .WithEnvironment("Cms__DirectusToken", apiToken)
            .WithEnvironment("Cms__WebhookSecret", webhookSecret);

    /// <summary>
    /// Where Directus finds the Api: the Api's own address for a local process; for a container, the same port on the
    /// container's host.
    /// </summary>
    public static IResourceBuilder<T> WithCmsWebhookTo<T>(
        this IResourceBuilder<T> schemaStep, PortalInfrastructure infrastructure, EndpointReference api)
        where T : IResourceWithEnvironment =>
        schemaStep.WithEnvironment("Cms__WebhookUrl", infrastructure.Mode == InfrastructureMode.Containers
            ? ReferenceExpression.Create($"http://host.docker.internal:{api.Property(EndpointProperty.Port)}{WebhookPath}")
            : ReferenceExpression.Create($"{api}{WebhookPath}"));
}
