namespace Portal.AppHost.Infrastructure;

/// <summary>
/// The CMS: the <c>cms-schema</c> step (the Worker's verb) brings Directus to the Portal's schema and creates the Flow
/// that calls the Api's webhook with a shared secret; the Api reads Directus with the admin token and checks the secret.
/// </summary>
public static class CmsSettings
{
    public const string WebhookPath = "/api/webhooks/directus";

    /// <summary>The secret the Flow sends and the Api checks: generated once and kept in the user secrets.</summary>
    public static IResourceBuilder<ParameterResource> AddCmsWebhookSecret(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter("directus-webhook-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    public static IResourceBuilder<T> WithCmsAccess<T>(
        this IResourceBuilder<T> service, PortalInfrastructure infrastructure, IResourceBuilder<ParameterResource> webhookSecret)
        where T : IResourceWithEnvironment =>
        service
            .WithEnvironment("Cms__DirectusToken", infrastructure.DirectusAdminToken)
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
