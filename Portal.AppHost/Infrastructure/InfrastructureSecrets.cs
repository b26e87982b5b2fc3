namespace Portal.AppHost.Infrastructure;

/// <summary>
/// Passwords and keys of the backing services: generated on first run and kept in the AppHost's
/// user secrets, or given as parameters (<c>Parameters:postgres-password</c> and so on) in a deployment.
/// </summary>
public sealed record InfrastructureSecrets(
    IResourceBuilder<ParameterResource> PostgresPassword,
    IResourceBuilder<ParameterResource> PortalOwnerPassword,
    IResourceBuilder<ParameterResource> PortalAppPassword,
    IResourceBuilder<ParameterResource> DirectusDbPassword,
    IResourceBuilder<ParameterResource> RedisPassword,
    IResourceBuilder<ParameterResource> DirectusKey,
    IResourceBuilder<ParameterResource> DirectusSecret,
    IResourceBuilder<ParameterResource> DirectusAdminEmail,
    IResourceBuilder<ParameterResource> DirectusAdminPassword,
    IResourceBuilder<ParameterResource> DirectusAdminToken)
{
    public static InfrastructureSecrets Add(IDistributedApplicationBuilder builder) => new(
        Generated(builder, "postgres-password"),
        Generated(builder, "portal-owner-password"),
        Generated(builder, "portal-app-password"),
        Generated(builder, "directus-db-password"),
        Generated(builder, "redis-password"),
        Generated(builder, "directus-key"),
        Generated(builder, "directus-secret"),
        builder.AddParameter("directus-admin-email", "admin@example.com"),
        Generated(builder, "directus-admin-password"),
        Generated(builder, "directus-admin-token"));

    // Letters and digits only: the values travel through connection strings, SQL and command lines unquoted.
    private static IResourceBuilder<ParameterResource> Generated(IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
}
