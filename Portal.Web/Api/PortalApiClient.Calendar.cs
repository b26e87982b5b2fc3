namespace Portal.Web.Api;

/// <summary>The therapist's calendar: the practice's zone, blocked times, days off and extra hours.</summary>
public sealed partial class PortalApiClient
{
    /// <summary>The zone the practice keeps its hours in, as she set it (not the Web's own configuration).</summary>
    public async Task<string> PracticeTimeZoneAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<PracticeZoneView>("api/practice/settings", cancellationToken))!.TimeZone;

    public async Task<BlockedPeriodView[]> BlockedPeriodsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<BlockedPeriodView[]>(
            $"api/availability/blocked-periods?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}",
            cancellationToken) ?? [];

    public async Task<ApiProblem?> BlockPeriodAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/availability/blocked-periods", new { start, end }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> UnblockPeriodAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/availability/blocked-periods/{id}", cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }
}

public sealed record PracticeZoneView(string TimeZone);

public sealed record BlockedPeriodView(Guid Id, DateTimeOffset Start, DateTimeOffset End, string Source, bool Removable);

