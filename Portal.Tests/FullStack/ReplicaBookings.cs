using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Portal.Tests.Bookings.BookingRequests;

namespace Portal.Tests.FullStack;

/// <summary>Bookings the replica tests make at the Api instances directly, on days no other test fixes.</summary>
internal static class ReplicaBookings
{
    // Inside the 120-day horizon, clear of the days other full-stack tests fix (63–83, 100–107, 130); the tests that
    // pick any free time look them up when they run, and the collection runs one test at a time.
    private const int FirstDay = 85;
    private const int LastDay = 98;

    /// <summary>
    /// The first free start of each day: one a day, so that bookings made at once neither overlap nor run into the
    /// practice's cap of sessions a day (PracticeSettings.DailySessionCap, 6), which other tests' bookings count toward too.
    /// </summary>
    public static async Task<DateTimeOffset[]> FreeStartsAsync(Uri api, string sessionType, int count, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = api };
        var from = DateTime.UtcNow.AddDays(FirstDay);
        var slots = await http.GetFromJsonAsync<Portal.Api.Availability.SlotsResponse>(
            $"/api/slots?sessionType={sessionType}&from={from:yyyy-MM-dd}&to={from.AddDays(LastDay - FirstDay):yyyy-MM-dd}&tz=Europe/London", cancellationToken);
        var chosen = slots!.Days.Where(d => d.Starts.Length > 0).Select(d => DateTimeOffset.Parse(d.Starts[0], CultureInfo.InvariantCulture)).ToList();
        Assert.True(chosen.Count >= count, $"{chosen.Count} days with free {sessionType} times on days {FirstDay}–{LastDay}, {count} needed");
        return [.. chosen.Take(count)];
    }

    /// <summary>A guest's discovery call at each time, all at once, alternately at each Api instance; their ids.</summary>
    /// <param name="addressBlock">The second byte of the callers' forwarded addresses (the booking limit counts per caller).</param>
    public static async Task<Guid[]> GuestsBookAsync(Uri[] apis, IReadOnlyList<DateTimeOffset> starts, Func<int, string> email, int addressBlock, CancellationToken cancellationToken) =>
        await Task.WhenAll(starts.Select(async (start, i) =>
        {
            using var http = new HttpClient { BaseAddress = apis[i % apis.Length] };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bookings")
            {
                Content = JsonContent.Create(Guest("discovery-call", start, email(i))),
                Headers = { { "X-Forwarded-For", $"10.{addressBlock}.0.{i + 1}" } },
            };
            using var response = await http.SendAsync(request, cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Created,
                $"booking {i} at {start} through {apis[i % apis.Length]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        }));
}
