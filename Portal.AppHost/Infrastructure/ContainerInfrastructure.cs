namespace Portal.AppHost.Infrastructure;

/// <summary>PostgreSQL, Redis and Directus as containers, for machines with a container runtime.</summary>
public static class ContainerInfrastructure
{
    public const string DirectusImage = "directus/directus";
    public const string DirectusTag = DirectusSettings.Version;

    public static PortalInfrastructure AddContainerInfrastructure(
        this IDistributedApplicationBuilder builder, InfrastructureSecrets secrets)
    {
        var postgres = builder.AddPostgres("postgres", password: secrets.PostgresPassword)
            .WithImageTag("15")
            .WithDataVolume("portal-postgres-data")
            // Room for every instance's pool (Database:MaxPoolSize, 40 each) when Portal:Replicas is above 1.
            .WithArgs("-c", "max_connections=300");
        var databases = builder.AddPostgresRoles(postgres, postgres.Resource.PrimaryEndpoint, secrets);

        var redis = builder.AddRedis("redis", password: secrets.RedisPassword)
            .WithDataVolume("portal-redis-data");

        var directus = builder.AddContainer("directus", DirectusImage, DirectusTag)
            .WithHttpEndpoint(targetPort: 8055, name: "http")
            .WithDirectusSettings(postgres.Resource.PrimaryEndpoint, secrets)
            .WithVolume("portal-directus-uploads", "/directus/uploads")
            .WithHttpHealthCheck(DirectusSettings.ReadinessPath)
            .WaitFor(databases.DirectusDb);

        var twenty = TwentyCrm.IsWanted(builder.Configuration) ? builder.AddTwenty(postgres, redis, secrets) : null;
        return new PortalInfrastructure(InfrastructureMode.Containers, databases, redis, directus, DirectusUploadsPath: null, secrets.DirectusAdminToken, twenty);
    }
}
