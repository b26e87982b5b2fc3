namespace Portal.AppHost.Infrastructure;

/// <summary>What Directus needs to run against the practice's PostgreSQL, in either mode.</summary>
public static class DirectusSettings
{
    /// <summary>The npm package version in <c>tools/directus</c> and the container image tag, kept equal.</summary>
    public const string Version = "12.4.0";

    /// <summary>Answers "pong" without a token once Directus serves.</summary>
    public const string ReadinessPath = "/server/ping";

    public static IResourceBuilder<T> WithDirectusSettings<T>(
        this IResourceBuilder<T> directus, EndpointReference postgres, InfrastructureSecrets secrets)
        where T : IResourceWithEnvironment, IResourceWithEndpoints
    {
        var http = directus.GetEndpoint("http");
        return directus
            .WithEnvironment("DB_CLIENT", "pg")
            .WithEnvironment("DB_HOST", postgres.Property(EndpointProperty.Host))
            .WithEnvironment("DB_PORT", postgres.Property(EndpointProperty.Port))
            .WithEnvironment("DB_DATABASE", PortalInfrastructureBuilder.DirectusDatabase)
            .WithEnvironment("DB_USER", PostgresRoles.Directus)
            .WithEnvironment("DB_PASSWORD", secrets.DirectusDbPassword)
            .WithEnvironment("KEY", secrets.DirectusKey)
            .WithEnvironment("SECRET", secrets.DirectusSecret)
            .WithEnvironment("ADMIN_EMAIL", secrets.DirectusAdminEmail)
            .WithEnvironment("ADMIN_PASSWORD", secrets.DirectusAdminPassword)
            .WithEnvironment("ADMIN_TOKEN", secrets.DirectusAdminToken)
            .WithEnvironment("PUBLIC_URL", http)
            .WithEnvironment("TELEMETRY", "false")
            // The Flow calls the Api, which runs on this machine (or the container's host): Directus's default deny list
            // refuses loopback and the machine's own addresses. Only the cloud metadata address stays refused.
            .WithEnvironment("IMPORT_IP_DENY_LIST", "169.254.169.254")
            .WithEnvironment("LOG_LEVEL", "warn");
    }
}
