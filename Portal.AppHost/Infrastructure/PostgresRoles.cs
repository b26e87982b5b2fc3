namespace Portal.AppHost.Infrastructure;

/// <summary>The practice's databases as the services reach them, each through a role of its own.</summary>
/// <param name="PortalDb"><c>portal</c>: the Api and the Worker, as <see cref="PostgresRoles.App"/>.</param>
/// <param name="PortalOwnerDb"><c>portal-owner</c>: the migrations, as <see cref="PostgresRoles.Owner"/>.</param>
/// <param name="DirectusDb"><c>directus-db</c>: Directus (and the Worker's backup), as <see cref="PostgresRoles.Directus"/>.</param>
public sealed record PostgresDatabases(
    IResourceBuilder<IResourceWithConnectionString> PortalDb,
    IResourceBuilder<IResourceWithConnectionString> PortalOwnerDb,
    IResourceBuilder<IResourceWithConnectionString> DirectusDb);

/// <summary>
/// Least privilege in PostgreSQL (README: "Database roles"), the same in either mode: the Worker run with
/// <c>roles</c> as the superuser (resource <c>postgres-roles</c>) makes the server agree with the three connection
/// strings at every start, and every connection string waits for it. The passwords are AppHost parameters.
/// </summary>
public static class PostgresRoles
{
    public const string ResourceName = "postgres-roles";

    /// <summary>Owns the portal database and everything in it; the migrations run as it.</summary>
    public const string Owner = "portal_owner";

    /// <summary>Owns nothing: may connect to the portal database and read and write its tables, nothing more.</summary>
    public const string App = "portal_app";

    /// <summary>Owns the Directus database; may not connect to the portal database.</summary>
    public const string Directus = "directus";

    public static PostgresDatabases AddPostgresRoles<T>(
        this IDistributedApplicationBuilder builder, IResourceBuilder<T> postgres, EndpointReference endpoint, InfrastructureSecrets secrets)
        where T : class, IResourceWithConnectionString
    {
        var portal = Login(endpoint, App, secrets.PortalAppPassword, PortalInfrastructureBuilder.PortalDatabase);
        var owner = Login(endpoint, Owner, secrets.PortalOwnerPassword, PortalInfrastructureBuilder.PortalDatabase);
        var directus = Login(endpoint, Directus, secrets.DirectusDbPassword, PortalInfrastructureBuilder.DirectusDatabase);

        // The passwords travel in the environment, never on a command line.
        var roles = builder.AddProject<Projects.Portal_Worker>(ResourceName, launchProfileName: null)
            .WithArgs("roles")
            .WithReference(postgres)
            .WithEnvironment("ConnectionStrings__portal", portal)
            .WithEnvironment("ConnectionStrings__portal-owner", owner)
            .WithEnvironment("ConnectionStrings__directus-db", directus)
            .WaitFor(postgres);

        return new PostgresDatabases(
            builder.AddConnectionString("portal", portal).WaitForCompletion(roles),
            builder.AddConnectionString("portal-owner", owner).WaitForCompletion(roles),
            builder.AddConnectionString("directus-db", directus).WaitForCompletion(roles));
    }

    private static ReferenceExpression Login(
        EndpointReference endpoint, string role, IResourceBuilder<ParameterResource> password, string database) =>
        ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={role};Password={password.Resource};Database={database}");
}
