using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Api.Practice;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Practice;

/// <summary>How the practice presents itself in emails is the therapist's to set, within safe bounds.</summary>
public sealed class PracticePresentationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_therapist_sets_the_name_colour_address_video_room_and_welcome()
    {
        var therapist = await api.TherapistSignedInAsync();
        var settings = (await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct))!;

        var response = await therapist.PutAsJsonAsync("/api/practice/settings", settings with
        {
            PracticeName = "Still Water Counselling",
            AccentColour = "#7a4b8c",
            TherapistEmail = "anna@stillwater.example",
            VideoCallLink = "https://meet.example/still-water",
            WelcomeMessage = "Welcome. Write whenever you like.",
        }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = (await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct))!;
        Assert.Equal("Still Water Counselling", saved.PracticeName);
        Assert.Equal("#7a4b8c", saved.AccentColour);
        Assert.Equal("anna@stillwater.example", saved.TherapistEmail);
        Assert.Equal("https://meet.example/still-water", saved.VideoCallLink);
        Assert.Equal("Welcome. Write whenever you like.", saved.WelcomeMessage);
        Assert.Equal(settings.TherapistName, saved.TherapistName); // left out, kept
    }

    [Fact]
    public async Task Unsafe_or_unusable_values_are_refused_by_the_field()
    {
        var therapist = await api.TherapistSignedInAsync();
        var settings = (await therapist.GetFromJsonAsync<Portal.Core.Practice.PracticeSettingsChange>("/api/practice/settings", ct))!;

        var response = await therapist.PutAsJsonAsync("/api/practice/settings", settings with
        {
            PracticeName = " ",
            AccentColour = "red;background:url(x)",
            TherapistEmail = "not an address",
            VideoCallLink = "javascript:alert(1)",
        }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("errors");
        foreach (var field in new[] { "practiceName", "accentColour", "therapistEmail", "videoCallLink" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }
    }
}
