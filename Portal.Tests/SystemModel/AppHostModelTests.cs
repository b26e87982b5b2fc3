extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using AppHost::Portal.AppHost.Infrastructure;

namespace Portal.Tests.SystemModel;

/// <summary>The AppHost's model, built but not started: names, references and start order.</summary>
public sealed class AppHostModelTests
{
    private static readonly string[] SystemResources =
        ["postgres", "postgres-roles", "portal", "portal-owner", "directus-db", "redis", "directus", "migrations", "api", "worker", "web"];

    [Theory]
    [InlineData("LocalProcesses")]
    [InlineData("Containers")]
    public async Task Both_modes_declare_the_same_resources_under_the_same_names(string mode)
    {
        await using var app = await AppHostModel.BuildAsync($"Portal:Infrastructure={mode}");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.All(SystemResources, name => Assert.Contains(model.Resources, r => r.Name == name));
        var postgres = model.Resources.Single(r => r.Name == "postgres");
        Assert.Equal(mode == "Containers", postgres is ContainerResource);
        Assert.Equal(mode == "LocalProcesses", postgres is ExecutableResource);
    }

    [Fact]
    public async Task In_container_mode_Portal_Twenty_adds_twentys_server_and_worker_on_a_database_of_its_own()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=Containers", "Portal:Twenty=true", "Twenty:ApiKey=twenty-key");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        var server = Assert.IsType<ContainerResource>(model.Resources.Single(r => r.Name == "twenty"), exactMatch: false);
        var worker = Assert.IsType<ContainerResource>(model.Resources.Single(r => r.Name == "twenty-worker"), exactMatch: false);
        Assert.Equal("twentycrm/twenty", server.Annotations.OfType<ContainerImageAnnotation>().Single().Image);
        Assert.Contains(model.Resources, r => r.Name == "twenty-db");
        Assert.Equal(["yarn", "worker:prod"], (await ResolveAsync(app, "twenty-worker", environment: false)).Arguments.Select(argument => argument.Value));
        Assert.Contains(worker.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "twenty");
    }

    [Theory]
    [InlineData("Portal:Infrastructure=Containers")]
    [InlineData("Portal:Infrastructure=LocalProcesses", "Portal:Twenty=true")]
    public async Task Without_Portal_Twenty_or_a_container_runtime_there_is_no_twenty(params string[] args)
    {
        await using var app = await AppHostModel.BuildAsync(args);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        Assert.DoesNotContain(model.Resources, r => r.Name.StartsWith("twenty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_and_the_worker_start_only_after_the_migrations_completed()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        foreach (var service in new[] { "api", "worker" })
        {
            var waits = model.Resources.Single(r => r.Name == service).Annotations.OfType<WaitAnnotation>();
            Assert.Contains(waits, w => w.Resource.Name == "migrations" && w.WaitType == WaitType.WaitForCompletion);
        }

        var migrations = await ResolveAsync(app, "migrations");
        Assert.Contains(migrations.Arguments, argument => argument.Value == "migrate");
    }

    [Theory]
    [InlineData("LocalProcesses")]
    [InlineData("Containers")]
    public async Task Everyone_who_connects_to_a_database_waits_until_the_roles_are_set_up(string mode)
    {
        await using var app = await AppHostModel.BuildAsync($"Portal:Infrastructure={mode}");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        foreach (var database in new[] { "portal", "portal-owner", "directus-db" })
        {
            var waits = model.Resources.Single(r => r.Name == database).Annotations.OfType<WaitAnnotation>();
            Assert.Contains(waits, w => w.Resource.Name == "postgres-roles" && w.WaitType == WaitType.WaitForCompletion);
        }

        Assert.Contains(model.Resources.Single(r => r.Name == "migrations").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "portal-owner");
        Assert.Contains(model.Resources.Single(r => r.Name == "directus").Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "directus-db");
    }

    [Fact]
    public async Task Each_service_logs_in_to_postgres_as_its_own_role_and_only_the_roles_step_as_the_superuser()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses",
            "Parameters:portal-app-password=an-app-secret-for-the-test", "Parameters:portal-owner-password=an-owner-secret-for-the-test");

        var roles = await ResolveAsync(app, "postgres-roles");
        Assert.Equal(["roles"], roles.Arguments.Select(argument => argument.Value));
        Assert.Equal("postgres", Username(roles, "ConnectionStrings__postgres"));
        Assert.Equal("portal_owner", Username(roles, "ConnectionStrings__portal-owner"));
        Assert.Equal("portal_app", Username(roles, "ConnectionStrings__portal"));
        Assert.Equal("directus", Username(roles, "ConnectionStrings__directus-db"));

        Assert.Equal("portal_owner", Username(await ResolveAsync(app, "migrations"), "ConnectionStrings__portal"));
        foreach (var service in new[] { "api", "worker" })
        {
            var resolved = await ResolveAsync(app, service);
            Assert.Equal("portal_app", Username(resolved, "ConnectionStrings__portal"));
            Assert.Equal("an-app-secret-for-the-test", new NpgsqlConnectionStringBuilder(resolved.EnvironmentVariables.ToDictionary()["ConnectionStrings__portal"]).Password);
            Assert.DoesNotContain(resolved.EnvironmentVariables, variable => variable.Value.Contains("Username=postgres", StringComparison.Ordinal));
            Assert.DoesNotContain(resolved.EnvironmentVariables, variable => variable.Value.Contains("an-owner-secret-for-the-test", StringComparison.Ordinal));
        }

        Assert.False((await ResolveAsync(app, "api")).EnvironmentVariables.ToDictionary().ContainsKey("ConnectionStrings__directus-db"));
        Assert.Equal("directus", (await ResolveAsync(app, "directus")).EnvironmentVariables.ToDictionary()["DB_USER"]);
        Assert.DoesNotContain(roles.Arguments, argument => argument.Value.Contains("secret-for-the-test", StringComparison.Ordinal));
    }

    private static string? Username(IExecutionConfigurationResult resolved, string variable) =>
        new NpgsqlConnectionStringBuilder(resolved.EnvironmentVariables.ToDictionary()[variable]).Username;

    [Fact]
    public async Task The_local_Redis_password_is_never_on_a_command_line()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses", "Parameters:redis-password=a-redis-secret-for-the-test");

        var redis = await ResolveAsync(app, "redis");

        Assert.DoesNotContain(redis.Arguments, argument => argument.Value.Contains("a-redis-secret-for-the-test", StringComparison.Ordinal));
        Assert.DoesNotContain(redis.Arguments, argument => argument.Value == "--requirepass");
        Assert.EndsWith("redis.sh", redis.Arguments.First().Value);
        Assert.Equal("a-redis-secret-for-the-test", redis.EnvironmentVariables.ToDictionary()["REDIS_PASSWORD"]);
    }

    [Fact]
    public async Task Integration_keys_reach_the_services_only_when_configured()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses", "Stripe:SecretKey=sk_test_from_user_secrets");

        var environment = (await ResolveAsync(app, "api")).EnvironmentVariables.ToDictionary();

        Assert.Equal("sk_test_from_user_secrets", environment["Stripe__SecretKey"]);
        Assert.False(environment.ContainsKey("Resend__ApiKey"));
    }

    [Fact]
    public async Task Without_an_email_provider_the_worker_writes_emails_to_the_local_mail_folder()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses");

        var environment = (await ResolveAsync(app, "worker")).EnvironmentVariables.ToDictionary();

        Assert.EndsWith(Path.Combine(".local", "data", "mail"), environment["Email__PickupDirectory"]);
        Assert.Matches(@"^http://localhost:\d+/?$", environment["Portal__PublicUrl"]);
    }

    [Fact]
    public async Task With_Resend_configured_the_worker_gets_the_key_and_no_mail_folder()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses", "Resend:ApiKey=re_from_user_secrets");

        var environment = (await ResolveAsync(app, "worker")).EnvironmentVariables.ToDictionary();

        Assert.Equal("re_from_user_secrets", environment["Resend__ApiKey"]);
        Assert.False(environment.ContainsKey("Email__PickupDirectory"));
    }

    [Fact]
    public async Task The_worker_can_reach_everything_the_nightly_backup_copies()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses", "Backup:Keep=30");

        var environment = (await ResolveAsync(app, "worker")).EnvironmentVariables.ToDictionary();

        Assert.EndsWith(Path.Combine(".local", "data", "backups"), environment["Backup__Folder"]);
        Assert.EndsWith(Path.Combine(".local", "data", "directus-uploads"), environment["Backup__DirectusUploadsPath"]);
        Assert.Contains("Database=directus", environment["ConnectionStrings__directus-db"]);
        Assert.Equal("30", environment["Backup__Keep"]);
    }

    [Fact]
    public async Task The_api_and_the_worker_share_one_key_ring_certificate_and_the_web_has_its_own()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses",
            "Parameters:key-ring-certificate=the-api-and-worker-certificate", "Parameters:web-key-ring-certificate=the-web-certificate");

        string CertificateOf(IExecutionConfigurationResult service) => service.EnvironmentVariables.ToDictionary()["DataProtection__Certificate"];

        Assert.Equal("the-api-and-worker-certificate", CertificateOf(await ResolveAsync(app, "api")));
        Assert.Equal("the-api-and-worker-certificate", CertificateOf(await ResolveAsync(app, "worker")));
        Assert.Equal("the-web-certificate", CertificateOf(await ResolveAsync(app, "web")));
    }

    [Fact]
    public async Task The_web_never_holds_the_key_that_seals_clinical_data()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses", "Parameters:sealing-key=the-sealing-key");

        // The Api reads and writes sealed data; the Worker writes the welcome message; the migrations seal old messages.
        foreach (var holder in new[] { "api", "worker", "migrations" })
        {
            var environment = (await ResolveAsync(app, holder)).EnvironmentVariables.ToDictionary();
            Assert.Equal("the-sealing-key", environment[$"Sealing__Keys__{environment["Sealing__ActiveKey"]}"]);
        }

        Assert.DoesNotContain((await ResolveAsync(app, "web")).EnvironmentVariables.ToDictionary(),
            variable => variable.Key.StartsWith("Sealing__", StringComparison.Ordinal) || variable.Value == "the-sealing-key");
    }

    [Fact]
    public async Task The_services_and_steps_start_from_their_build_not_through_dotnet_run()
    {
        await using var app = await AppHostModel.BuildAsync("Portal:Infrastructure=LocalProcesses");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        foreach (var (resource, program) in new[]
        {
            ("api", "Portal.Api"), ("web", "Portal.Web"), ("worker", "Portal.Worker"), ("migrations", "Portal.Worker"),
            ("postgres-roles", "Portal.Worker"), ("cms-schema", "Portal.Worker"),
        })
        {
            var launch = model.Resources.Single(r => r.Name == resource).Annotations.OfType<ExecutableAnnotation>().Single();
            Assert.Equal(program, Path.GetFileName(launch.Command));
            Assert.True(File.Exists(launch.Command), $"{resource}: {launch.Command} is not built");
            Assert.Equal(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(launch.Command)))), launch.WorkingDirectory);
        }

        // What the migrations are asked to do is unchanged: only the program that runs them is.
        Assert.Equal(["migrate"], (await ResolveAsync(app, "migrations", environment: false)).Arguments.Select(argument => argument.Value));
    }

    [Theory]
    [InlineData("Containers", InfrastructureMode.Containers)]
    [InlineData("localprocesses", InfrastructureMode.LocalProcesses)]
    public void The_mode_can_be_forced(string setting, InfrastructureMode expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(InfrastructureModeSelector.SettingKey, setting)])
            .Build();

        Assert.Equal(expected, InfrastructureModeSelector.Select(configuration));
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_choices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(InfrastructureModeSelector.SettingKey, "Kubernetes")])
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => (object)InfrastructureModeSelector.Select(configuration));
        Assert.Contains("Auto, Containers or LocalProcesses", error.Message);
    }

    private static async Task<IExecutionConfigurationResult> ResolveAsync(DistributedApplication app, string resourceName, bool environment = true)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var configuration = ExecutionConfigurationBuilder.Create(model.Resources.Single(r => r.Name == resourceName)).WithArgumentsConfig();
        return await (environment ? configuration.WithEnvironmentVariablesConfig() : configuration)
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(),
                NullLogger.Instance, TestContext.Current.CancellationToken);
    }
}
