using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Portal.Api.Availability;
using Portal.Api.Bookings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.FullStack;

/// <summary>The AppHost wires the Worker to the database and the Web: a booking's email appears in the mail folder.</summary>
[Collection(FullStackCollection.Name)]
public sealed class EmailDeliveryStackTests(PortalStack stack)
{
    [Fact]
    public async Task A_guest_booking_through_the_Api_is_emailed_by_the_Worker_with_links_to_the_Web()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = stack.App.CreateHttpClient("api");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var slots = await api.GetFromJsonAsync<SlotsResponse>(
            $"/api/slots?sessionType=discovery-call&tz=Europe/London&from={today:yyyy-MM-dd}&to={today.AddDays(20):yyyy-MM-dd}", ct);
        var start = slots!.Days.SelectMany(d => d.Starts).First();

        var response = await api.PostAsJsonAsync("/api/bookings", new
        {
            sessionType = "discovery-call",
            start = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            name = "Stack Guest",
            email = $"stack-{Guid.NewGuid():N}@example.com",
            phone = "07911 123456",
            timeZone = "Europe/London",
            privacyConsent = true,
        }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = (await response.Content.ReadFromJsonAsync<BookingResponse>(ct))!;

        var file = Path.Combine(stack.MailFolder, $"booking-{booking.Id:N}-confirmed-client-email.eml");
        await Eventually.TrueAsync(() => File.Exists(file), TimeSpan.FromSeconds(30), $"no email at {file}");
        var email = await MimeKit.MimeMessage.LoadAsync(file, ct);
        Assert.StartsWith("Booked: your free discovery call", email.Subject);
        Assert.Contains(stack.WebUrl.GetLeftPart(UriPartial.Authority), email.TextBody);
    }
}
