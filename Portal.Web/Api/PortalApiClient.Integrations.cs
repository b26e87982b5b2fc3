namespace Portal.Web.Api;

/// <summary>Her Google Calendar connection, as the integrations page shows and changes it.</summary>
public sealed partial class PortalApiClient
{
    public async Task<GoogleStatusView> GoogleStatusAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<GoogleStatusView>("api/integrations/google", cancellationToken))!;

    /// <summary>Google's consent address for this session, or why not (not set up).</summary>
    public async Task<(Uri? AuthorizeUrl, ApiProblem? Problem)> BeginGoogleConnectAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("api/integrations/google/connect", null, cancellationToken);
        return response.IsSuccessStatusCode
            ? ((await response.Content.ReadFromJsonAsync<GoogleConsentView>(cancellationToken))!.AuthorizeUrl, null)
            : (null, await ApiProblem.ReadAsync(response, cancellationToken));
    }

    /// <summary>Hands Google's answer (the callback's query) to the Api, as the session that began the connect.</summary>
    public async Task<ApiProblem?> FinishGoogleConnectAsync(QueryString query, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("api/integrations/google/callback" + query.Value, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ApiProblem.ReadAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> ChooseGoogleCalendarsAsync(string[] busy, string destination, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/integrations/google/calendars",
            new { busyCalendarIds = busy, destinationCalendarId = destination }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ApiProblem.ReadAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> SyncGoogleCalendarAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("api/integrations/google/sync", null, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ApiProblem.ReadAsync(response, cancellationToken);
    }

    public async Task DisconnectGoogleCalendarAsync(CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync("api/integrations/google", cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

public sealed record GoogleConsentView(Uri AuthorizeUrl);

public sealed record GoogleCalendarView(string Id, string Summary, bool Primary, bool Writable);

public sealed record GoogleStatusView(
    bool Configured,
    string? HowToConfigure,
    bool Connected,
    bool Broken,
    string? Account,
    DateTimeOffset? ConnectedAt,
    GoogleCalendarView[] Calendars,
    string[] BusyCalendarIds,
    string? DestinationCalendarId,
    DateTimeOffset? LastSyncAt,
    int LastSyncAdded,
    int LastSyncChanged,
    int LastSyncRemoved,
    DateTimeOffset? NextSyncAt,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>The id her choice uses for a calendar: her main one is "primary".</summary>
    public static string ChoiceId(GoogleCalendarView calendar) => calendar.Primary ? "primary" : calendar.Id;
}
