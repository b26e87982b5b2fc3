using Microsoft.Extensions.Configuration;

namespace Portal.AppHost.Infrastructure;

/// <summary>
/// Twenty, the open-source CRM the Api keeps up to date (<c>Portal:Twenty</c> = true, container mode only): its server
/// and its worker (the same image), a database of its own in the portal's PostgreSQL, and the portal's Redis. Without a
/// container runtime, run Twenty yourself and set <c>Twenty:BaseUrl</c> and <c>Twenty:ApiKey</c> (see the README).
/// </summary>
public static class TwentyCrm
{
    public const string SettingKey = "Portal:Twenty";
    public const string Image = "twentycrm/twenty";
    public const string Tag = "v1.8";
    public const string Database = "twenty";

    public static bool IsWanted(IConfiguration configuration) => configuration.GetValue<bool>(SettingKey);

    public static IResourceBuilder<ContainerResource> AddTwenty(
        this IDistributedApplicationBuilder builder, IResourceBuilder<PostgresServerResource> postgres,
        IResourceBuilder<RedisResource> redis, InfrastructureSecrets secrets)
    {
        var database = postgres.AddDatabase("twenty-db", Database);
        var encryptionKey = builder.AddParameter("twenty-encryption-key", new GenerateParameterDefault { MinLength = 32, Special = false },
            secret: true, persist: true);
        var endpoint = postgres.Resource.PrimaryEndpoint;
        var databaseUrl = ReferenceExpression.Create(
            $"postgres://postgres:{secrets.PostgresPassword}@{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}/{Database}");
        var redisEndpoint = redis.Resource.PrimaryEndpoint;
        var redisUrl = ReferenceExpression.Create(
            $"redis://:{secrets.RedisPassword}@{redisEndpoint.Property(EndpointProperty.Host)}:{redisEndpoint.Property(EndpointProperty.Port)}");

        var server = builder.AddContainer("twenty", Image, Tag)
            .WithHttpEndpoint(targetPort: 3000, name: "http")
            .WithVolume("portal-twenty-storage", "/app/packages/twenty-server/.local-storage")
            .WithHttpHealthCheck("/healthz")
            .WaitFor(database)
            .WaitFor(redis);
        server
            .WithEnvironment("PG_DATABASE_URL", databaseUrl)
            .WithEnvironment("REDIS_URL", redisUrl)
            .WithEnvironment("APP_SECRET", encryptionKey)
            .WithEnvironment("ENCRYPTION_KEY", encryptionKey)
            .WithEnvironment("SERVER_URL", server.GetEndpoint("http"));

        builder.AddContainer("twenty-worker", Image, Tag)
            .WithArgs("yarn", "worker:prod")
            .WithEnvironment("PG_DATABASE_URL", databaseUrl)
            .WithEnvironment("REDIS_URL", redisUrl)
            .WithEnvironment("APP_SECRET", encryptionKey)
            .WithEnvironment("ENCRYPTION_KEY", encryptionKey)
            .WithEnvironment("SERVER_URL", server.GetEndpoint("http"))
            .WithEnvironment("DISABLE_DB_MIGRATIONS", "true")
            .WaitFor(server);
        return server;
    }

    /// <summary>The Api and the Worker sync to it; the API key is made in Twenty (Settings → APIs) and given as <c>Twenty:ApiKey</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithTwenty(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithEndpoints>? twenty, IConfiguration configuration)
    {
        if (twenty is null)
        {
            return project;
        }

        project.WithEnvironment("Twenty__BaseUrl", twenty.GetEndpoint("http"));
        if (configuration["Twenty:ApiKey"] is { Length: > 0 } apiKey)
        {
            project.WithEnvironment("Twenty__ApiKey", apiKey);
        }

        return project;
    }
}
