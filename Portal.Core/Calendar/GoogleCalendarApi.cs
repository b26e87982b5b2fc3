using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Portal.Core.Calendar;

/// <summary>Google's OAuth endpoints and the Calendar API v3 calls the portal makes (the .NET client is not on the mirror).</summary>
public interface IGoogleCalendarApi
{
    Task<GoogleTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken);

    Task<GoogleTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    Task RevokeAsync(string token, CancellationToken cancellationToken);

    Task<IReadOnlyList<CalendarChoice>> ListCalendarsAsync(string accessToken, CancellationToken cancellationToken);

    /// <summary>A page of events: with <paramref name="syncToken"/> the changes since it, else those in [timeMin, timeMax).</summary>
    Task<EventPage> ListEventsAsync(
        string accessToken, string calendarId, string? syncToken, DateTimeOffset timeMin, DateTimeOffset timeMax, string? pageToken,
        CancellationToken cancellationToken);

    Task<GoogleEvent> InsertEventAsync(string accessToken, string calendarId, GoogleEvent body, bool withConference, CancellationToken cancellationToken);

    Task<GoogleEvent> PatchEventAsync(string accessToken, string calendarId, string eventId, GoogleEvent body, CancellationToken cancellationToken);

    Task DeleteEventAsync(string accessToken, string calendarId, string eventId, CancellationToken cancellationToken);
}

/// <summary>
/// The typed HttpClient behind <see cref="IGoogleCalendarApi"/>. The standard resilience handler (service defaults)
/// retries safe calls on 5xx/429 with jitter; writes are retried by the outbox, which makes them idempotent.
/// Error answers become <see cref="GoogleApiException"/>; tokens go only in headers and form bodies, never in a message.
/// </summary>
public sealed class GoogleCalendarApi(HttpClient http, IOptionsMonitor<GoogleSettings> options) : IGoogleCalendarApi
{
    public const int PageSize = 250;

    private GoogleSettings Settings => options.CurrentValue;

    public Task<GoogleTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["code"] = code,
            ["client_id"] = Settings.ClientId ?? "",
            ["client_secret"] = Settings.ClientSecret ?? "",
            ["redirect_uri"] = Settings.RedirectUri?.AbsoluteUri ?? "",
            ["grant_type"] = "authorization_code",
            ["code_verifier"] = codeVerifier,
        }, cancellationToken);

    public Task<GoogleTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["client_id"] = Settings.ClientId ?? "",
            ["client_secret"] = Settings.ClientSecret ?? "",
            ["refresh_token"] = refreshToken,
            ["grant_type"] = "refresh_token",
        }, cancellationToken);

    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Settings.RevokeEndpoint)
        {
            Content = new FormUrlEncodedContent([new("token", token)]),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureOAuthSuccessAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<CalendarChoice>> ListCalendarsAsync(string accessToken, CancellationToken cancellationToken)
    {
        var calendars = new List<CalendarChoice>();
        string? pageToken = null;
        do
        {
            var page = await GetAsync<CalendarListPage>(accessToken,
                $"users/me/calendarList?maxResults=250{(pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}")}", cancellationToken);
            calendars.AddRange((page.Items ?? []).Select(c => new CalendarChoice(c.Id, c.SummaryOverride ?? c.Summary ?? c.Id, c.Primary, c.AccessRole ?? "reader")));
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        return calendars;
    }

    public Task<EventPage> ListEventsAsync(
        string accessToken, string calendarId, string? syncToken, DateTimeOffset timeMin, DateTimeOffset timeMax, string? pageToken,
        CancellationToken cancellationToken)
    {
        var query = syncToken is null
            ? $"singleEvents=true&maxResults={PageSize}&timeMin={Rfc3339(timeMin)}&timeMax={Rfc3339(timeMax)}"
            : $"singleEvents=true&maxResults={PageSize}&syncToken={Uri.EscapeDataString(syncToken)}";
        if (pageToken is not null)
        {
            query += $"&pageToken={Uri.EscapeDataString(pageToken)}";
        }

        return GetAsync<EventPage>(accessToken, $"{Events(calendarId)}?{query}", cancellationToken);
    }

    public async Task<GoogleEvent> InsertEventAsync(
        string accessToken, string calendarId, GoogleEvent body, bool withConference, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Post,
            $"{Events(calendarId)}?sendUpdates=none{(withConference ? "&conferenceDataVersion=1" : "")}", accessToken);
        request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        return await SendAsync<GoogleEvent>(request, cancellationToken);
    }

    public async Task<GoogleEvent> PatchEventAsync(
        string accessToken, string calendarId, string eventId, GoogleEvent body, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Patch,
            $"{Events(calendarId)}/{Uri.EscapeDataString(eventId)}?sendUpdates=none&conferenceDataVersion=1", accessToken);
        request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        return await SendAsync<GoogleEvent>(request, cancellationToken);
    }

    public async Task DeleteEventAsync(string accessToken, string calendarId, string eventId, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Delete, $"{Events(calendarId)}/{Uri.EscapeDataString(eventId)}?sendUpdates=none", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureApiSuccessAsync(response, cancellationToken);
    }

    private static string Events(string calendarId) => $"calendars/{Uri.EscapeDataString(calendarId)}/events";

    private static string Rfc3339(DateTimeOffset time) => Uri.EscapeDataString(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

    private async Task<T> GetAsync<T>(string accessToken, string relative, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Get, relative, accessToken);
        return await SendAsync<T>(request, cancellationToken);
    }

    private HttpRequestMessage Authorized(HttpMethod method, string relative, string accessToken)
    {
        var request = new HttpRequestMessage(method, new Uri(Settings.CalendarApi, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureApiSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken)
               ?? throw new GoogleApiException((int)response.StatusCode, null, "an empty answer");
    }

    private async Task<GoogleTokens> TokenAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Settings.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureOAuthSuccessAsync(response, cancellationToken);
        var token = await response.Content.ReadFromJsonAsync<TokenAnswer>(JsonSerializerOptions.Web, cancellationToken);
        if (token?.AccessToken is not { Length: > 0 } access)
        {
            throw new GoogleApiException((int)response.StatusCode, null, "the token endpoint gave no access token");
        }

        return new GoogleTokens(access, TimeSpan.FromSeconds(token.ExpiresIn > 0 ? token.ExpiresIn : 3600), token.RefreshToken, token.Scope);
    }

    private static async Task EnsureApiSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var (reason, message) = (default(string), response.ReasonPhrase ?? "");
        try
        {
            var error = (await response.Content.ReadFromJsonAsync<ApiErrorBody>(JsonSerializerOptions.Web, cancellationToken))?.Error;
            reason = error?.Errors?.FirstOrDefault()?.Reason;
            message = error?.Message ?? message;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
        }

        throw new GoogleApiException((int)response.StatusCode, reason, message);
    }

    private static async Task EnsureOAuthSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var (reason, message) = (default(string), response.ReasonPhrase ?? "");
        try
        {
            var error = await response.Content.ReadFromJsonAsync<OAuthErrorBody>(JsonSerializerOptions.Web, cancellationToken);
            reason = error?.Error;
            message = error?.ErrorDescription ?? message;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
        }

        throw new GoogleApiException((int)response.StatusCode, reason, message);
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        string? Scope);

    private sealed record OAuthErrorBody(string? Error, [property: JsonPropertyName("error_description")] string? ErrorDescription);

    private sealed record ApiErrorBody(ApiError? Error);

    private sealed record ApiError(int Code, string? Message, ApiErrorItem[]? Errors);

    private sealed record ApiErrorItem(string? Domain, string? Reason, string? Message);

    private sealed record CalendarListPage(CalendarListEntry[]? Items, string? NextPageToken);

    private sealed record CalendarListEntry(string Id, string? Summary, string? SummaryOverride, bool Primary, string? AccessRole);
}
