using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Api.Calendar;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>With Google connected, the stack's own Worker pushes an online booking to Google and the client finds the Meet link on /me.</summary>
[Collection(FullStackCollection.Name)]
public sealed class MeetLinkBrowserTests(PortalStack stack, Chromium chromium)
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_client_joins_an_online_session_by_the_Meet_link_Google_made()
    {
        var therapist = await StackPeople.ApiSignedInAsync(stack, StackPeople.TherapistEmail);
        var client = await StackPeople.ClientAsync(stack, "Morgan Meet", pastDiscovery: false);
        var clientApi = await StackPeople.ApiSignedInAsync(stack, client.Email);
        Guid? bookingId = null;
        try
        {
            using var begun = await therapist.PostAsync("/api/integrations/google/connect", null, ct);
            var consent = (await begun.Content.ReadFromJsonAsync<GoogleConsentResponse>(ct))!;
            var callback = await stack.Google.ConsentAsync(consent.AuthorizeUrl, allow: true);
            using var connected = await therapist.GetAsync("/api/integrations/google/callback" + callback.Query, ct);
            Assert.Equal(HttpStatusCode.OK, connected.StatusCode);

            // Sixteen weeks ahead, the first free time: away from what the other tests book.
            var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(112);
            var slots = await clientApi.GetFromJsonAsync<SlotsResponse>(
                $"/api/slots?sessionType=discovery-call&tz=Europe/London&from={from:yyyy-MM-dd}&to={from.AddDays(6):yyyy-MM-dd}", ct);
            var start = DateTimeOffset.Parse(slots!.Days.SelectMany(d => d.Starts).First());
            using var booked = await clientApi.PostAsJsonAsync("/api/bookings", new
            {
                sessionType = "discovery-call", start, name = client.Name, email = client.Email, phone = "07911 123456",
                timeZone = "Europe/London", privacyConsent = true,
            }, ct);
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            bookingId = (await booked.Content.ReadFromJsonAsync<BookingResponse>(ct))!.Id;

            string? meet = null;
            await Eventually.TrueAsync(async () =>
            {
                var mine = await clientApi.GetFromJsonAsync<BookingResponse[]>("/api/me/bookings", ct);
                meet = mine!.Single(b => b.Id == bookingId).MeetLink;
                return meet is not null;
            }, TimeSpan.FromSeconds(60), "the Worker did not push the booking to Google with a Meet link");
            Assert.Contains(stack.Google.Events(Fakes.FakeGoogle.Account), e => e["hangoutLink"]?.GetValue<string>() == meet);

            var page = await chromium.NewPageAsync(stack.WebUrl, 390, 844);
            await StackPeople.SignInWithPasswordAsync(page, client.Email, "/me");
            var link = page.Locator("[data-meet-link] a");
            await Expect(page.Locator("[data-meet-link]")).ToContainTextAsync("Online, by Google Meet");
            await Expect(link).ToHaveAttributeAsync("href", meet!);
            await Chromium.ScreenshotAsync(page, "me-meet-link");
            await Chromium.ExpectAccessibleAsync(page);
        }
        finally
        {
            if (bookingId is { } id)
            {
                await clientApi.PostAsJsonAsync($"/api/bookings/{id}/cancel", new { }, ct);
            }

            await therapist.DeleteAsync("/api/integrations/google", ct);
        }
    }
}
