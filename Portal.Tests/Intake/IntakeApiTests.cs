using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Intake;
using Portal.Core.Audit;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Intake;

/// <summary>The intake form between the discovery call and ongoing work: its gate, its versions, its sealed and audited answers.</summary>
public sealed class IntakeApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    // Thursday 5 March 2026, three days after the factory's "now": each test books its own hour.
    private static DateTimeOffset Thursday(int hour) => new(2026, 3, 5, hour, 0, 0, TimeSpan.Zero);

    private static readonly object TwoQuestions = new
    {
        questions = new object[]
        {
            new { kind = "LongText", text = "What brings you to therapy now?", required = true },
            new { kind = "SingleChoice", text = "Have you had therapy before?", required = false, choices = new[] { "Never", "Once", "Several times" } },
        },
    };

    /// <summary>Every test of the class needs the form to ask something; the first to come defines it, the rest find it.</summary>
    private async Task<IntakeFormResponse> FormAsync(HttpClient therapist)
    {
        var response = await therapist.PutAsJsonAsync("/api/intake/form", TwoQuestions, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IntakeFormResponse>(ct))!;
    }

    [Fact]
    public async Task Paid_sessions_wait_for_the_intake_form_then_open_once_it_is_sent()
    {
        var therapist = await api.TherapistSignedInAsync();
        var form = await FormAsync(therapist);
        var (_, http) = await api.ClientSignedInAsync($"intake-gate-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        var paid = new { sessionType = "online-session", start = Thursday(9) };

        var refused = await http.PostAsJsonAsync("/api/bookings", paid, ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await ProblemAsync(refused);
        Assert.Equal("intake-first", problem.GetProperty("code").GetString());
        Assert.Equal("Please complete your intake form first", problem.GetProperty("title").GetString());
        Assert.True((await http.GetFromJsonAsync<ClientIntakeResponse>("/api/me/intake", ct))!.Needed);

        // Saved half-way: still waiting. Sent without the required answer: refused, naming the question.
        var reason = form.Questions[0].Id;
        var choice = form.Questions[1].Id;
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/me/intake",
            new { answers = new Dictionary<string, string[]> { [choice.ToString()] = ["Once"] } }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync("/api/bookings", paid, ct)).StatusCode);
        var incomplete = await http.PutAsJsonAsync("/api/me/intake", new { submit = true, answers = new Dictionary<string, string[]> { [choice.ToString()] = ["Once"] } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.True((await ProblemAsync(incomplete)).GetProperty("errors").TryGetProperty($"answers.{reason}", out _));

        var sent = await http.PutAsJsonAsync("/api/me/intake", new
        {
            submit = true,
            answers = new Dictionary<string, string[]> { [reason.ToString()] = ["Sleeping badly since the move"], [choice.ToString()] = ["Once"] },
        }, ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var mine = (await sent.Content.ReadFromJsonAsync<ClientIntakeResponse>(ct))!;
        Assert.NotNull(mine.SubmittedAt);
        Assert.False(mine.Needed);
        Assert.Equal(["Once"], mine.Answers[choice]);

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/bookings", paid, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PutAsJsonAsync("/api/me/intake", new { answers = new Dictionary<string, string[]>() }, ct)).StatusCode);
    }

    [Fact]
    public async Task The_therapist_may_waive_the_form_for_one_client_and_ask_for_it_again()
    {
        var therapist = await api.TherapistSignedInAsync();
        await FormAsync(therapist);
        var (client, http) = await api.ClientSignedInAsync($"intake-waived-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);

        Assert.Equal(HttpStatusCode.NoContent, (await therapist.PutAsJsonAsync($"/api/clients/{client.Id}/intake-waiver", new { waived = true }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = Thursday(10) }, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await therapist.PutAsJsonAsync($"/api/clients/{client.Id}/intake-waiver", new { waived = false }, ct)).StatusCode);
        var again = await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = Thursday(11) }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await therapist.PutAsJsonAsync($"/api/clients/{Guid.NewGuid()}/intake-waiver", new { waived = true }, ct)).StatusCode);
    }

    [Fact]
    public async Task Answers_are_sealed_in_the_database_and_each_reading_by_the_therapist_is_audited()
    {
        var therapist = await api.TherapistSignedInAsync();
        var form = await FormAsync(therapist);
        var (client, http) = await api.ClientSignedInAsync($"intake-sealed-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        const string secret = "Panic attacks on the underground";
        await http.PutAsJsonAsync("/api/me/intake",
            new { answers = new Dictionary<string, string[]> { [form.Questions[0].Id.ToString()] = [secret] } }, ct);

        await using (var db = api.OpenDb())
        {
            var stored = await db.Database.SqlQuery<byte[]>($"SELECT sealed_answers AS \"Value\" FROM intake_responses WHERE client_id = {client.Id}")
                .SingleAsync(ct);
            Assert.DoesNotContain(secret, Encoding.UTF8.GetString(stored));
            Assert.DoesNotContain("underground", Encoding.Latin1.GetString(stored));
        }

        // A draft is the client's own until sent: she sees that one is under way, not its words, and nothing is audited.
        var draft = await therapist.GetFromJsonAsync<ClientIntakeResponse>($"/api/clients/{client.Id}/intake", ct);
        Assert.Empty(draft!.Answers);
        Assert.NotNull(draft.SavedAt);
        await using (var db = api.OpenDb())
        {
            Assert.Empty(await db.ClinicalReads.Where(r => r.ClientId == client.Id).ToListAsync(ct));
        }

        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/me/intake",
            new { submit = true, answers = new Dictionary<string, string[]> { [form.Questions[0].Id.ToString()] = [secret] } }, ct)).StatusCode);
        var read = await therapist.GetFromJsonAsync<ClientIntakeResponse>($"/api/clients/{client.Id}/intake", ct);
        Assert.Equal([secret], read!.Answers[form.Questions[0].Id]);
        Assert.NotNull(read.SubmittedAt);
        await therapist.GetAsync($"/api/clients/{client.Id}/intake", ct);

        await using var audit = api.OpenDb();
        var reads = await audit.ClinicalReads.Where(r => r.ClientId == client.Id).ToListAsync(ct);
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal(ClinicalRecord.IntakeAnswers, r.Record));
        Assert.All(reads, r => Assert.DoesNotContain("underground", r.Shown));
    }

    [Fact]
    public async Task A_new_version_keeps_the_answers_given_with_the_version_they_answered()
    {
        var therapist = await api.TherapistSignedInAsync();
        var first = await FormAsync(therapist);
        var (client, http) = await api.ClientSignedInAsync($"intake-versions-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
        var reason = first.Questions[0];
        var sent = await http.PutAsJsonAsync("/api/me/intake",
            new { submit = true, answers = new Dictionary<string, string[]> { [reason.Id.ToString()] = ["Grief"] } }, ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        // She rewords the first question and adds a third: the next version; the sent answers stay with theirs.
        var revised = await therapist.PutAsJsonAsync("/api/intake/form", new
        {
            questions = new object[]
            {
                new { id = reason.Id, kind = "LongText", text = "In a few words, what brings you here?", required = true },
                new { kind = "YesNo", text = "May I write to your GP if I need to?", required = true },
            },
        }, ct);
        var next = (await revised.Content.ReadFromJsonAsync<IntakeFormResponse>(ct))!;
        Assert.True(next.Version > first.Version);
        try
        {
            var kept = await therapist.GetFromJsonAsync<ClientIntakeResponse>($"/api/clients/{client.Id}/intake", ct);
            Assert.Equal(first.Version, kept!.FormVersion);
            Assert.Equal("What brings you to therapy now?", kept.Questions[0].Text);
            Assert.Equal(["Grief"], kept.Answers[reason.Id]);

            // Someone still filling in finds their answer under the new wording.
            var (_, other) = await api.ClientSignedInAsync($"intake-carry-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);
            var yesNo = next.Questions[1].Id;
            Assert.Equal(HttpStatusCode.BadRequest, (await other.PutAsJsonAsync("/api/me/intake",
                new { answers = new Dictionary<string, string[]> { [yesNo.ToString()] = ["Maybe"] } }, ct)).StatusCode);
            await other.PutAsJsonAsync("/api/me/intake", new { answers = new Dictionary<string, string[]> { [reason.Id.ToString()] = ["Work stress"] } }, ct);
            var carried = await other.GetFromJsonAsync<ClientIntakeResponse>("/api/me/intake", ct);
            Assert.Equal(next.Version, carried!.FormVersion);
            Assert.Equal(["Work stress"], carried.Answers[reason.Id]);
        }
        finally
        {
            await FormAsync(therapist); // back to the form the other tests expect
        }
    }

    [Fact]
    public async Task A_client_already_in_ongoing_care_is_not_sent_back_to_the_form()
    {
        var therapist = await api.TherapistSignedInAsync();
        await FormAsync(therapist);
        var (client, http) = await api.ClientSignedInAsync($"intake-in-care-{Guid.NewGuid():N}@example.com", discoveryCompleted: true);

        // Ongoing work began (here: let in without the form, a session paid and confirmed); then she asks for it again.
        await therapist.PutAsJsonAsync($"/api/clients/{client.Id}/intake-waiver", new { waived = true }, ct);
        var first = await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = Thursday(14) }, ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var booked = (await first.Content.ReadFromJsonAsync<Portal.Api.Bookings.BookingResponse>(ct))!;
        await using (var db = api.OpenDb())
        {
            await db.Bookings.Where(b => b.Id == booked.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.Status, Portal.Core.Bookings.BookingStatus.Confirmed), ct);
        }

        await therapist.PutAsJsonAsync($"/api/clients/{client.Id}/intake-waiver", new { waived = false }, ct);

        Assert.False((await http.GetFromJsonAsync<ClientIntakeResponse>("/api/me/intake", ct))!.Needed);
        Assert.Equal(HttpStatusCode.Created,
            (await http.PostAsJsonAsync("/api/bookings", new { sessionType = "online-session", start = Thursday(15) }, ct)).StatusCode);
    }

    [Fact]
    public async Task A_form_that_asks_badly_is_refused_field_by_field()
    {
        var therapist = await api.TherapistSignedInAsync();
        var response = await therapist.PutAsJsonAsync("/api/intake/form", new
        {
            questions = new object[]
            {
                new { kind = "Dropdown", text = "Colour?" },
                new { kind = "SingleChoice", text = "Pick one", choices = new[] { "Only" } },
                new { kind = "ShortText", text = "  " },
            },
        }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("questions[0].kind", out _));
        Assert.True(errors.TryGetProperty("questions[1].choices", out _));
        Assert.True(errors.TryGetProperty("questions[2].text", out _));
    }
}
