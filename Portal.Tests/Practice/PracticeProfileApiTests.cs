using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Api.Practice;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.Practice;

/// <summary>
/// The practice's public profile comes from its settings; a change that touches booked sessions is described before
/// it is saved; she sees every session type, put away or not.
/// </summary>
public sealed class PracticeProfileApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anyone_reads_the_public_profile_and_never_the_notice_address_or_the_welcome()
    {
        var therapist = await api.TherapistSignedInAsync();
        var settings = (await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct))!;
        var saved = await therapist.PutAsJsonAsync("/api/practice/settings", settings with
        {
            PracticeName = "Lantern Counselling",
            Tagline = "Room to breathe.",
            Credentials = "Registered counsellor",
            Introduction = "I listen first.",
            ContactEmail = "hello@lantern.example",
            TherapistEmail = "anna-private@lantern.example",
            WelcomeMessage = "Only for clients who have signed up.",
            AccentColour = "#224466",
        }, ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var response = await api.CreateClient().GetAsync("/api/practice/profile", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(ct);
        var profile = JsonSerializer.Deserialize<PracticeProfileDto>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(
            new PracticeProfileDto("Lantern Counselling", settings.TherapistName!, "Registered counsellor", "Room to breathe.",
                "I listen first.", "hello@lantern.example", "#224466", settings.TimeZone),
            profile);
        Assert.DoesNotContain("anna-private", text);
        Assert.DoesNotContain("signed up", text);
    }

    [Fact]
    public async Task A_new_practice_introduces_itself_in_words_that_read_well()
    {
        var profile = (await api.CreateClient().GetFromJsonAsync<PracticeProfileDto>("/api/practice/profile", ct))!;

        Assert.All(new[] { profile.Name, profile.TherapistName, profile.Tagline, profile.Introduction, profile.ContactEmail },
            value => Assert.False(string.IsNullOrWhiteSpace(value)));
    }

    [Fact]
    public async Task A_new_cancellation_window_or_zone_is_described_before_saving_when_sessions_are_booked_and_nothing_is_saved()
    {
        var therapist = await api.TherapistSignedInAsync();
        var settings = (await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct))!;
        var (_, client) = await api.ClientSignedInAsync($"preview-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call", start = Tuesday(10) }, ct)).StatusCode);

        var unchanged = await PreviewAsync(therapist, settings with { PracticeName = "Only the name changes" });
        var changed = await PreviewAsync(therapist, settings with { CancellationWindowHours = 48, TimeZone = "Europe/Paris" });

        Assert.True(unchanged.UpcomingSessions >= 1);
        Assert.Empty(unchanged.Consequences);
        Assert.Equal(2, changed.Consequences.Length);
        Assert.Contains("keep", changed.Consequences[0]);
        Assert.Contains("Europe/Paris", changed.Consequences[0]);
        Assert.Contains("until 2 days before it starts (until now: 1 day)", changed.Consequences[1]);
        Assert.Equal(settings, await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct));
    }

    [Fact]
    public async Task Hours_that_leave_a_booked_session_outside_name_it_and_so_does_a_day_off_on_its_date()
    {
        var therapist = await api.TherapistSignedInAsync();
        var (_, client) = await api.ClientSignedInAsync($"outside-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        var booked = await client.PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call", start = Tuesday(15) }, ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        var mornings = await therapist.PostAsJsonAsync("/api/availability/working-hours/preview",
            new[] { new WorkingHoursDto(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(12, 0)) }, ct);
        var allDay = await therapist.PostAsJsonAsync("/api/availability/working-hours/preview",
            new[] { new WorkingHoursDto(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(17, 0)) }, ct);
        var dayOff = await therapist.PostAsJsonAsync("/api/availability/exceptions/preview",
            new { date = "2026-03-03", kind = "DayOff" }, ct);

        var outside = (await mornings.Content.ReadFromJsonAsync<SessionOutsideHoursDto[]>(ct))!;
        Assert.Contains(outside, s => s.StartsAt == Tuesday(15) && s.ClientName == "Pat Client");
        Assert.DoesNotContain((await allDay.Content.ReadFromJsonAsync<SessionOutsideHoursDto[]>(ct))!, s => s.StartsAt == Tuesday(15));
        Assert.Contains((await dayOff.Content.ReadFromJsonAsync<SessionOutsideHoursDto[]>(ct))!, s => s.StartsAt == Tuesday(15));
        Assert.Contains(await therapist.GetFromJsonAsync<WorkingHoursDto[]>("/api/availability/working-hours", Json, ct) ?? [],
            h => h.Day == DayOfWeek.Tuesday && h.End == new TimeOnly(17, 0)); // a preview saves nothing
    }

    [Fact]
    public async Task Overlapping_ranges_are_refused_by_the_preview_as_by_the_save()
    {
        var therapist = await api.TherapistSignedInAsync();
        WorkingHoursDto[] overlapping =
        [
            new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(14, 0)),
        ];

        var preview = await therapist.PostAsJsonAsync("/api/availability/working-hours/preview", overlapping, ct);
        var save = await therapist.PutAsJsonAsync("/api/availability/working-hours", overlapping, ct);

        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.Contains("overlap", (await ProblemAsync(preview)).GetProperty("errors").GetProperty("hours")[0].GetString());
    }

    [Fact]
    public async Task She_sees_every_session_type_with_the_sessions_booked_ahead_and_visitors_only_the_active_ones()
    {
        var therapist = await api.TherapistSignedInAsync();
        var created = await therapist.PostAsJsonAsync("/api/session-types", new SessionTypeRequest(
            "put-away-session", "Put away session", "", 50, 6000, "GBP", Core.Bookings.SessionMode.InPerson, 0, 10, true, IsActive: false, 40), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (_, client) = await api.ClientSignedInAsync($"ahead-{Guid.NewGuid():N}@example.com", discoveryCompleted: false);
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call", start = Tuesday(9) }, ct)).StatusCode);

        var all = (await therapist.GetFromJsonAsync<SessionTypeDetails[]>("/api/session-types/all", Json, ct))!;
        var visible = (await api.CreateClient().GetFromJsonAsync<SessionTypeResponse[]>("/api/session-types", ct))!;

        var putAway = Assert.Single(all, t => t.Slug == "put-away-session");
        Assert.False(putAway.IsActive);
        Assert.Equal(10, putAway.BufferAfterMinutes);
        Assert.True(Assert.Single(all, t => t.IsDiscoveryCall).UpcomingSessions >= 1);
        Assert.DoesNotContain(visible, t => t.Slug == "put-away-session");
    }

    private async Task<SettingsPreviewDto> PreviewAsync(HttpClient therapist, Portal.Core.Practice.PracticeSettingsChange settings)
    {
        var response = await therapist.PostAsJsonAsync("/api/practice/settings/preview", settings, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SettingsPreviewDto>(ct))!;
    }
}
