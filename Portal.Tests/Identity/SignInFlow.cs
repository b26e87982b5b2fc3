using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Identity;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Identity;

/// <summary>Asking for a link and reading it out of the outbox, as the email would carry it.</summary>
internal static class SignInFlow
{
    public static Task<HttpResponseMessage> RequestLinkAsync(this HttpClient http, string email) =>
        http.PostAsJsonAsync("/api/auth/magic-link", new { email }, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> SpendAsync(this HttpClient http, string token) =>
        http.PostAsJsonAsync("/api/auth/sessions", new { token }, TestContext.Current.CancellationToken);

    /// <summary>The raw token of the newest sign-in email to <paramref name="email"/>, decrypted as the Worker does.</summary>
    public static async Task<string> LatestLinkTokenAsync(this ApiFactory api, string email)
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Email && m.DeduplicationKey.StartsWith("sign-in-link:"))
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Payload).ToListAsync();
        var link = payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)).OfType<MagicLinkEmail>()
            .First(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase));
        return api.Services.GetRequiredService<LinkProtector>().Unprotect(link.ProtectedToken);
    }

    /// <summary>The raw token of the newest link confirming a change of address to <paramref name="email"/>.</summary>
    public static async Task<string> LatestEmailChangeTokenAsync(this ApiFactory api, string email)
    {
        await using var db = api.OpenDb();
        var payloads = await db.OutboxMessages.Where(m => m.Type == OutboxTypes.Email)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Payload).ToListAsync();
        var link = payloads.Select(p => JsonSerializer.Deserialize<EmailRequest>(p, OutboxJson.Options)).OfType<EmailChangeLinkEmail>()
            .First(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase) && m.ProtectedToken is { Length: > 0 });
        return api.Services.GetRequiredService<LinkProtector>().Unprotect(link.ProtectedToken!);
    }

    public static async Task<SessionIssued> SignedInAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionIssued>(TestContext.Current.CancellationToken))!;
    }

    public static HttpClient WithToken(this ApiFactory api, string token)
    {
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
