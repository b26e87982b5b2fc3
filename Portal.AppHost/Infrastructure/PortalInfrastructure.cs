namespace Portal.AppHost.Infrastructure;

/// <summary>
/// The backing services every Portal service refers to, the same names in either mode:
/// <c>postgres</c> with the databases <c>portal</c> (and <c>portal-owner</c>, the same as its owner) and <c>directus-db</c>,
/// each reached through its own role (<see cref="PostgresRoles"/>), <c>redis</c>, and <c>directus</c>.
/// <see cref="DirectusUploadsPath"/> is Directus's uploads folder where the services can reach it (local processes),
/// null where they cannot (a container's volume). <see cref="DirectusAdminToken"/> is Directus's static admin token (the CMS
/// schema step and the Api use it).
/// </summary>
public sealed record PortalInfrastructure(
    InfrastructureMode Mode,
    PostgresDatabases Databases,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithEndpoints> Directus,
    string? DirectusUploadsPath,
    IResourceBuilder<ParameterResource> DirectusAdminToken,
    IResourceBuilder<IResourceWithEndpoints>? Twenty = null)
{
    public EndpointReference DirectusHttp => Directus.GetEndpoint("http");

    public IResourceBuilder<IResourceWithConnectionString> PortalDb => Databases.PortalDb;

    public IResourceBuilder<IResourceWithConnectionString> PortalOwnerDb => Databases.PortalOwnerDb;

    public IResourceBuilder<IResourceWithConnectionString> DirectusDb => Databases.DirectusDb;
}

public static class PortalInfrastructureBuilder
{
    public const string PortalDatabase = "portal";
    public const string DirectusDatabase = "directus";

    public static PortalInfrastructure AddPortalInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeSelector.Select(builder.Configuration);
        var secrets = InfrastructureSecrets.Add(builder);

        return mode == InfrastructureMode.Containers
            ? builder.AddContainerInfrastructure(secrets)
            : builder.AddLocalProcessInfrastructure(secrets);
    }
}
