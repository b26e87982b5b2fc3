extern alias AppHost;

using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.FullStack;

[Collection(FullStackCollection.Name)]
public sealed class StackTests(PortalStack stack)
{
    [Fact]
    public async Task Every_resource_is_running_and_healthy_and_the_migrations_completed()
    {
        var ct = TestContext.Current.CancellationToken;

        foreach (var step in new[] { "postgres-roles", "migrations" })
        {
            var finished = await stack.WaitForAsync(step, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
            Assert.Equal(KnownResourceStates.Finished, finished.Snapshot.State?.Text);
            Assert.Equal(0, finished.Snapshot.ExitCode);
        }

        // A health probe can time out for a moment on a busy two-core machine; the resource must be healthy again soon.
        using var settle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        settle.CancelAfter(TimeSpan.FromSeconds(60));
        foreach (var name in PortalStack.ServiceResources)
        {
            var resource = await stack.WaitForAsync(name, e => e.Snapshot.HealthStatus == HealthStatus.Healthy, settle.Token);
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
        }
    }

    [Fact]
    public async Task The_home_page_lists_session_types_read_from_postgres_through_the_api()
    {
        var ct = TestContext.Current.CancellationToken;
        var web = stack.App.CreateHttpClient("web");

        var before = await web.GetStringAsync("/", ct);
        Assert.Contains("Free discovery call", before);
        Assert.Contains("Therapy session (online)", before);
        Assert.Contains("Therapy session (in person)", before);

        // A type that exists only in the AppHost's database proves the page is not showing a fixed list.
        var name = $"Evening check-in {Guid.NewGuid():N}"[..26];
        await InsertSessionTypeAsync(await stack.App.GetConnectionStringAsync("portal", ct), name, ct);

        // Written straight into the database: each Api hears of it by PostgreSQL's notice, within a second.
        await Eventually.TrueAsync(async () => (await web.GetStringAsync("/", ct)).Contains(name), TimeSpan.FromSeconds(5),
            $"the home page does not list '{name}'");
    }

    [Fact]
    public async Task The_api_and_the_worker_reach_postgres_as_the_app_role_which_can_create_nothing_and_not_reach_Directus()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var (resource, variable, role) in new[]
        {
            ("api", "ConnectionStrings__portal", "portal_app"),
            ("worker", "ConnectionStrings__portal", "portal_app"),
            ("migrations", "ConnectionStrings__portal", "portal_owner"),
            ("directus", "DB_USER", "directus"),
        })
        {
            // What the running process was given, as the orchestrator reports it.
            var started = await stack.WaitForAsync(resource, e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == variable), ct);
            var value = started.Snapshot.EnvironmentVariables.First(v => v.Name == variable).Value;
            Assert.Equal(role, variable == "DB_USER" ? value : new NpgsqlConnectionStringBuilder(value).Username);
        }

        var app = new NpgsqlConnectionStringBuilder(await stack.App.GetConnectionStringAsync("portal", ct)) { Pooling = false };
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var foreignOwned = new NpgsqlCommand(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'portal_owner'", connection);
            Assert.Equal(0L, await foreignOwned.ExecuteScalarAsync(ct));
            await using var create = new NpgsqlCommand("CREATE TABLE intruder (id int)", connection);
            Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync(ct))).SqlState);
        }

        app.Database = "directus";
        await using var directus = new NpgsqlConnection(app.ConnectionString);
        Assert.Equal("42501", (await Assert.ThrowsAsync<PostgresException>(() => directus.OpenAsync(ct))).SqlState);
    }

    [Fact]
    public async Task Directus_answers_its_readiness_probe()
    {
        var directus = stack.App.CreateHttpClient("directus", "http");

        var response = await directus.GetAsync("/server/ping", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pong", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task InsertSessionTypeAsync(string? connectionString, string name, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO session_types (id, slug, name, description, duration, price_minor_units, currency, mode,
                buffer_before, buffer_after, is_discovery_call, requires_completed_discovery, is_active, display_order)
            VALUES (gen_random_uuid(), @slug, @name, 'Added by a test.', interval '30 minutes', 4000, 'GBP', 'Virtual',
                interval '0', interval '0', false, true, true, 9)
            """, connection);
        insert.Parameters.AddWithValue("slug", name.ToLowerInvariant().Replace(' ', '-'));
        insert.Parameters.AddWithValue("name", name);
        await insert.ExecuteNonQueryAsync(ct);
    }
}
