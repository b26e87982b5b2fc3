using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Portal.Core.Audit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Audit;

/// <summary>The audit of clinical reads: she reads it, filtered; nobody through the Api's role rewrites it.</summary>
public sealed class ClinicalReadAuditTests(ApiFactory api, TestServers servers) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private async Task<(Guid ClientId, HttpClient Therapist)> ReadNotesOfNewClientAsync(string name)
    {
        var (client, _) = await api.ClientSignedInAsync($"audited-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        var therapist = await api.TherapistSignedInAsync();
        var note = await therapist.PostAsJsonAsync($"/api/clients/{client.Id}/notes", new { structure = "Free", text = name }, ct);
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync($"/api/clients/{client.Id}/notes", ct)).StatusCode);
        return (client.Id, therapist);
    }

    [Fact]
    public async Task The_apis_database_role_can_add_and_read_audit_rows_but_never_change_or_remove_one()
    {
        await ReadNotesOfNewClientAsync("rows to keep");
        // The roles step runs again at every start and grants the app every table: the audit must stay append-only.
        await servers.Databases.PrepareRolesAsync(api.DatabaseConnectionString, ct);

        await using var connection = new NpgsqlConnection(api.AppConnectionString);
        await connection.OpenAsync(ct);
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM clinical_reads", connection))
        {
            Assert.True((long)(await count.ExecuteScalarAsync(ct))! > 0);
        }

        foreach (var change in new[] { "UPDATE clinical_reads SET ip_address = '192.0.2.1'", "DELETE FROM clinical_reads", "TRUNCATE clinical_reads" })
        {
            await using var command = new NpgsqlCommand(change, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(ct));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }

    [Fact]
    public async Task Showing_a_clients_messages_on_their_page_is_audited_as_a_read_of_their_messages()
    {
        var (client, _) = await api.ClientSignedInAsync($"messages-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        await using (var db = api.OpenDb())
        {
            db.MessageThreads.Add(Portal.Core.Messaging.MessageThread.Welcome(client.Id, "Welcome", "Hello", TestSealing.Sealer, api.Clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }

        var therapist = await api.TherapistSignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await therapist.GetAsync($"/api/clients/{client.Id}/timeline", ct)).StatusCode);

        await using var check = api.OpenDb();
        var read = Assert.Single(check.ClinicalReads.Where(r => r.ClientId == client.Id));
        Assert.Equal((ClinicalRecord.Messages, "client page: 1 message listed"), (read.Record, read.Shown));
    }

    [Fact]
    public async Task The_audit_lists_sign_ins_and_clinical_reads_filtered_by_client_and_date()
    {
        var (mine, therapist) = await ReadNotesOfNewClientAsync("first client");
        var (other, _) = await ReadNotesOfNewClientAsync("second client");
        var today = DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime);

        var forMine = (await therapist.GetFromJsonAsync<AuditEntry[]>($"/api/audit?clientId={mine}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", ct))!;
        Assert.NotEmpty(forMine);
        Assert.All(forMine, e => Assert.Equal(mine, e.ClientId));
        Assert.Contains(forMine, e => e.Kind == "Read Notes" && e.What!.StartsWith("notes: 1 note", StringComparison.Ordinal) && e.Who!.StartsWith("therapist-"));

        Assert.Empty((await therapist.GetFromJsonAsync<AuditEntry[]>($"/api/audit?clientId={other}&to={today.AddDays(-1):yyyy-MM-dd}", ct))!);
        var everyone = (await therapist.GetFromJsonAsync<AuditEntry[]>("/api/audit", ct))!;
        Assert.Contains(everyone, e => e.ClientId == other);
        Assert.Equal(everyone.OrderByDescending(e => e.At).Select(e => e.At), everyone.Select(e => e.At));

        var refused = await therapist.GetAsync($"/api/audit?from={today:yyyy-MM-dd}&to={today.AddDays(-3):yyyy-MM-dd}", ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
