using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Availability;
using Portal.Core.Clients;
using Portal.Tests.FullStack;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Browser;

/// <summary>The messaging tests' people: a client whose discovery call is booked (and so has the welcome thread), and words no log line holds.</summary>
public static class MessagingPeople
{
    /// <summary>Letters no log line holds by chance: the log scans read every word.</summary>
    public static string UniqueWord(string start) =>
        start + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToLowerInvariant();

    /// <summary>
    /// A client who booked a discovery call through the Api, as a visitor would; the Worker then opens their welcome
    /// thread. Returns once that thread is there.
    /// </summary>
    public static async Task<(Client Client, Guid WelcomeThreadId)> BookedClientAsync(PortalStack stack, string name, CancellationToken ct)
    {
        var client = await StackPeople.ClientAsync(stack, name, pastDiscovery: false);
        var api = await StackPeople.ApiSignedInAsync(stack, client.Email);
        // A day far ahead and a time picked at random, so tests running side by side rarely want the same slot.
        for (var attempt = 0; ; attempt++)
        {
            var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40 + Random.Shared.Next(200));
            var slots = await api.GetFromJsonAsync<SlotsResponse>(
                $"/api/slots?sessionType=discovery-call&tz=Europe/London&from={from:yyyy-MM-dd}&to={from.AddDays(7):yyyy-MM-dd}", ct);
            var starts = slots!.Days.SelectMany(d => d.Starts).ToArray();
            if (starts.Length == 0)
            {
                continue;
            }

            var start = starts[Random.Shared.Next(starts.Length)];
            using var response = await api.PostAsJsonAsync("/api/bookings", new { sessionType = "discovery-call", start, timeZone = "Europe/London" }, ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                break;
            }

            Assert.True(attempt < 5 && response.StatusCode == HttpStatusCode.Conflict, $"booking the discovery call: {response.StatusCode}");
        }

        Guid? welcome = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = TestDatabases.OpenPortalDb((await stack.App.GetConnectionStringAsync("portal", ct))!);
            welcome = await db.MessageThreads.Where(t => t.ClientId == client.Id && t.IsWelcome).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
            return welcome is not null;
        }, TimeSpan.FromSeconds(60), $"the Worker opened no welcome thread for {name}");
        return (client, welcome!.Value);
    }
}
