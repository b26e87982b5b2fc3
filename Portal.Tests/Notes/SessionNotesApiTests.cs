using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Api.Notes;
using Portal.Core.Audit;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Notes;

/// <summary>Session notes: a draft changes, a signed note never does (only amended), and the words are sealed in the database.</summary>
public sealed class SessionNotesApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private async Task<(Guid ClientId, HttpClient Therapist)> ClientAndTherapistAsync()
    {
        var (client, _) = await api.ClientSignedInAsync($"notes-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        return (client.Id, await api.TherapistSignedInAsync());
    }

    private async Task<NoteResponse> StartAsync(HttpClient therapist, Guid clientId, object body)
    {
        var started = await therapist.PostAsJsonAsync($"/api/clients/{clientId}/notes", body, ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<NoteResponse>(ct))!;
    }

    [Fact]
    public async Task A_draft_changes_as_she_types_then_signed_it_is_refused_any_change()
    {
        var (clientId, therapist) = await ClientAndTherapistAsync();
        var note = await StartAsync(therapist, clientId, new { structure = "Free", text = "First thoughts" });
        Assert.Null(note.SignedAt);

        var saved = await therapist.PutAsJsonAsync($"/api/notes/{note.Id}", new { text = "First thoughts, then more" }, ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var signed = await (await therapist.PostAsync($"/api/notes/{note.Id}/sign", null, ct)).Content.ReadFromJsonAsync<NoteResponse>(ct);
        Assert.Equal("First thoughts, then more", signed!.Text);
        Assert.Equal(api.Clock.GetUtcNow(), signed.SignedAt);

        var refused = await therapist.PutAsJsonAsync($"/api/notes/{note.Id}", new { text = "Rewritten history" }, ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("amendment", (await ProblemAsync(refused)).GetProperty("detail").GetString());
        Assert.Equal("First thoughts, then more", (await therapist.GetFromJsonAsync<NoteResponse>($"/api/notes/{note.Id}", ct))!.Text);
    }

    [Fact]
    public async Task An_amendment_is_a_note_of_its_own_and_the_original_stays_as_it_was()
    {
        var (clientId, therapist) = await ClientAndTherapistAsync();
        var original = await StartAsync(therapist, clientId, new
        {
            structure = "Soap", subjective = "Feels stuck at work", objective = "Tearful", assessment = "Low mood", plan = "Weekly sessions",
        });
        Assert.Equal(HttpStatusCode.Conflict, (await therapist.PostAsJsonAsync($"/api/notes/{original.Id}/amendments", new { plan = "x" }, ct)).StatusCode);
        await therapist.PostAsync($"/api/notes/{original.Id}/sign", null, ct);
        api.Clock.Advance(TimeSpan.FromDays(1));

        var amended = await therapist.PostAsJsonAsync($"/api/notes/{original.Id}/amendments", new { plan = "Fortnightly sessions" }, ct);
        Assert.Equal(HttpStatusCode.Created, amended.StatusCode);
        var amendment = (await amended.Content.ReadFromJsonAsync<NoteResponse>(ct))!;
        await therapist.PostAsync($"/api/notes/{amendment.Id}/sign", null, ct);

        var notes = (await therapist.GetFromJsonAsync<NoteResponse[]>($"/api/clients/{clientId}/notes", ct))!;
        var kept = Assert.Single(notes, n => n.Id == original.Id);
        Assert.Equal(("Feels stuck at work", "Weekly sessions", (Guid?)null), (kept.Subjective, kept.Plan, kept.AmendsNoteId));
        Assert.Equal(original.SignedAt ?? kept.SignedAt, kept.SignedAt);
        var added = Assert.Single(notes, n => n.Id == amendment.Id);
        Assert.Equal((original.Id, "Soap", "Fortnightly sessions"), (added.AmendsNoteId!.Value, added.Structure, added.Plan));
        Assert.True(added.SignedAt > kept.SignedAt);
    }

    [Fact]
    public async Task The_notes_table_holds_no_plain_text_and_the_database_itself_refuses_to_change_a_signed_note()
    {
        var (clientId, therapist) = await ClientAndTherapistAsync();
        const string secret = "Disclosed a childhood memory about the lighthouse";
        var note = await StartAsync(therapist, clientId, new { structure = "Free", text = secret });
        await therapist.PostAsync($"/api/notes/{note.Id}/sign", null, ct);

        await using var connection = new NpgsqlConnection(api.AppConnectionString);
        await connection.OpenAsync(ct);
        await using (var dump = new NpgsqlCommand("SELECT row_to_json(n)::text, encode(n.sealed_content, 'escape') FROM session_notes n WHERE id = $1", connection))
        {
            dump.Parameters.AddWithValue(note.Id);
            await using var reader = await dump.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            Assert.DoesNotContain("lighthouse", reader.GetString(0), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("lighthouse", reader.GetString(1), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes("lighthouse")), reader.GetString(0), StringComparison.OrdinalIgnoreCase);
        }

        foreach (var change in new[] { "UPDATE session_notes SET sealed_content = '\\x00' WHERE id = $1", "DELETE FROM session_notes WHERE id = $1" })
        {
            await using var command = new NpgsqlCommand(change, connection);
            command.Parameters.AddWithValue(note.Id);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(ct));
            Assert.Contains("signed", refused.MessageText);
        }
    }

    [Fact]
    public async Task A_note_whose_key_is_gone_is_shown_as_unreadable_and_the_clients_page_still_opens()
    {
        var (clientId, therapist) = await ClientAndTherapistAsync();
        var kept = await StartAsync(therapist, clientId, new { structure = "Free", text = "Still readable" });
        var lost = await StartAsync(therapist, clientId, new { structure = "Free", text = "Sealed with a key since removed" });
        await using (var connection = new NpgsqlConnection(api.AppConnectionString))
        {
            // As a value sealed under a key no longer configured looks: the format, another key id.
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("UPDATE session_notes SET sealed_content = $1 WHERE id = $2", connection);
            command.Parameters.AddWithValue((byte[])[1, 3, (byte)'o', (byte)'l', (byte)'d', .. new byte[40]]);
            command.Parameters.AddWithValue(lost.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
        }

        var timeline = await therapist.GetAsync($"/api/clients/{clientId}/timeline", ct);
        Assert.Equal(HttpStatusCode.OK, timeline.StatusCode);
        var notes = (await therapist.GetFromJsonAsync<NoteResponse[]>($"/api/clients/{clientId}/notes", ct))!;
        Assert.Equal((true, (string?)null), (notes.Single(n => n.Id == lost.Id).Unreadable, notes.Single(n => n.Id == lost.Id).Text));
        Assert.Equal((false, "Still readable"), (notes.Single(n => n.Id == kept.Id).Unreadable, notes.Single(n => n.Id == kept.Id).Text));
    }

    [Fact]
    public async Task A_note_on_a_session_must_be_on_one_of_the_clients_own_sessions()
    {
        var (clientId, therapist) = await ClientAndTherapistAsync();
        var other = await api.CreateClient().PostBookingAsync(Guest("discovery-call", Tuesday(13).AddDays(21), $"other-{Guid.NewGuid():N}@example.com"));
        var someoneElses = (await other.Content.ReadFromJsonAsync<Portal.Api.Bookings.BookingResponse>(ct))!.Id;

        var refused = await therapist.PostAsJsonAsync($"/api/clients/{clientId}/notes", new { structure = "Free", bookingId = someoneElses, text = "x" }, ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var invalid = await therapist.PostAsJsonAsync($"/api/clients/{clientId}/notes", new { text = "no structure" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await ProblemAsync(invalid)).GetProperty("errors").TryGetProperty("structure", out _));
        Assert.Equal(HttpStatusCode.NotFound,
            (await therapist.PostAsJsonAsync($"/api/clients/{Guid.NewGuid()}/notes", new { structure = "Free", text = "x" }, ct)).StatusCode);
    }

    [Fact]
    public async Task Each_showing_of_notes_to_her_adds_an_audit_row_with_who_whose_what_and_where_from()
    {
        var (clientId, therapist) = await ClientAndTherapistAsync();
        therapist.DefaultRequestHeaders.Add(TestPeerAddress.Header, "203.0.113.77");
        var note = await StartAsync(therapist, clientId, new { structure = "Free", text = "Audited words" });
        await therapist.PostAsync($"/api/notes/{note.Id}/sign", null, ct);
        int Reads() { using var db = api.OpenDb(); return db.ClinicalReads.Count(r => r.ClientId == clientId); }
        var before = Reads();

        await therapist.GetAsync($"/api/notes/{note.Id}", ct);
        await therapist.GetAsync($"/api/clients/{clientId}/notes", ct);
        await therapist.GetAsync($"/api/notes/latest?clientId={clientId}", ct);
        await therapist.GetAsync($"/api/clients/{clientId}/timeline", ct);

        await using var db = api.OpenDb();
        var reads = await db.ClinicalReads.Where(r => r.ClientId == clientId).OrderBy(r => r.Id).ToListAsync(ct);
        Assert.Equal(before + 4, reads.Count);
        Assert.All(reads, r => Assert.Equal((ClinicalRecord.Notes, "203.0.113.77"), (r.Record, r.IpAddress)));
        Assert.All(reads, r => Assert.DoesNotContain("Audited words", r.Shown));
        var therapistId = (await therapist.GetFromJsonAsync<Portal.Api.Identity.MeResponse>("/api/me", ct))!.UserId;
        Assert.All(reads, r => Assert.Equal(therapistId, r.ReaderUserId));
    }
}
