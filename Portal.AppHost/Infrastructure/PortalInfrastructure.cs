namespace Portal.AppHost.Infrastructure;

/// <summary>
/// The backing services every Portal service refers to, the same names in either mode:
/// <c>postgres</c> with the databases <c>portal</c> and <c>directus-db</c>, <c>redis</c>, and <c>directus</c>.
/// <see cref="DirectusUploadsPath"/> is Directus's uploads folder where the services can reach it (local processes),
/// null where they cannot (a container's volume).
/// </summary>
public sealed record PortalInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> PortalDb,
    IResourceBuilder<IResourceWithConnectionString> DirectusDb,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithEndpoints> Directus,
    string? DirectusUploadsPath)
{
    public EndpointReference DirectusHttp => Directus.GetEndpoint("http");
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
