namespace Portal.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL 15, redis-server and Directus (npm, Node 22) as local processes, for machines without a
/// container runtime. Data stays in <see cref="LocalProcessSettings.DataPath"/> (README: "Local data").
/// </summary>
public static class LocalProcessInfrastructure
{
    public static PortalInfrastructure AddLocalProcessInfrastructure(
        this IDistributedApplicationBuilder builder, InfrastructureSecrets secrets)
    {
        var local = LocalProcessSettings.From(builder);

        var postgres = builder
            .AddResource(new LocalPostgresResource("postgres", "bash", local.ScriptsPath, secrets.PostgresPassword.Resource))
            .WithArgs(Path.Combine(local.ScriptsPath, "postgres.sh"), local.PostgresDataPath,
                PortalInfrastructureBuilder.PortalDatabase, PortalInfrastructureBuilder.DirectusDatabase)
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT")
            .WithEnvironment("POSTGRES_BIN", local.PostgresBin)
            .WithEnvironment("POSTGRES_PASSWORD", secrets.PostgresPassword)
            .WithServerProbe(ServerProbeHealthCheck.PostgresAnswers);
        var databases = builder.AddPostgresRoles(postgres, postgres.Resource.PrimaryEndpoint, secrets);

        Directory.CreateDirectory(local.RedisDataPath);
        var redis = builder
            .AddResource(new LocalRedisResource("redis", "bash", local.RedisDataPath, secrets.RedisPassword.Resource))
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithArgs(context =>
            {
                // The password travels in the environment and a 0600 config file, never on the command line.
                context.Args.Add(Path.Combine(local.ScriptsPath, "redis.sh"));
                context.Args.Add(local.RedisDataPath);
                context.Args.Add(((LocalRedisResource)context.Resource).PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithEnvironment("REDIS_SERVER", local.RedisServer)
            .WithEnvironment("REDIS_PASSWORD", secrets.RedisPassword)
            .WithServerProbe(ServerProbeHealthCheck.RedisAnswers);

        Directory.CreateDirectory(local.DirectusUploadsPath);
        var directus = builder
            .AddExecutable("directus", "bash", local.DirectusHome, Path.Combine(local.ScriptsPath, "directus.sh"))
            .WithHttpEndpoint(name: "http", env: "PORT")
            .WithEnvironment("NODE_BINARY", local.NodeBinary)
            .WithEnvironment("POSTGRES_BIN", local.PostgresBin)
            .WithEnvironment("HOST", "127.0.0.1")
            .WithEnvironment("STORAGE_LOCATIONS", "local")
            .WithEnvironment("STORAGE_LOCAL_ROOT", local.DirectusUploadsPath)
            .WithDirectusSettings(postgres.Resource.PrimaryEndpoint, secrets)
            .WithHttpHealthCheck(DirectusSettings.ReadinessPath)
            .WaitFor(databases.DirectusDb);

        return new PortalInfrastructure(InfrastructureMode.LocalProcesses, databases, redis, directus, local.DirectusUploadsPath, secrets.DirectusAdminToken);
    }
}
