using System.Net.Http.Json;

namespace Portal.Web.Api;

/// <summary>Closing an account: the client's request and link, and the therapist's erasure.</summary>
public sealed partial class PortalApiClient
{
    public async Task<ErasurePreviewView> MyClosurePreviewAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<ErasurePreviewView>("api/me/closure", cancellationToken))!;

    public async Task<ApiProblem?> RequestClosureAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("api/me/closure", null, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<(ErasurePreviewView? Preview, ApiProblem? Problem)> ClosureLinkPreviewAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/closure/preview", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<ErasurePreviewView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    public async Task<(ErasureOutcomeView? Outcome, ApiProblem? Problem)> ConfirmClosureAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/closure/confirm", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<ErasureOutcomeView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    /// <summary>Years the records kept by law stay after an erasure; null while the Api cannot say.</summary>
    public async Task<int?> ClinicalRetentionYearsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await http.GetFromJsonAsync<RetentionView>("api/closure/retention", cancellationToken))?.ClinicalRetentionYears;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<ErasurePreviewView?> ClientErasurePreviewAsync(Guid clientId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/clients/{clientId}/erasure", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ErasurePreviewView>(cancellationToken);
    }

    public async Task<ErasureOutcomeView?> EraseClientAsync(Guid clientId, bool refundLateCancellations, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/clients/{clientId}/erasure", new { refundLateCancellations }, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ErasureOutcomeView>(cancellationToken);
    }
}

public sealed record SessionToCancelView(Guid BookingId, string SessionType, DateTimeOffset StartsAt, bool Paid, bool InsideWindow, bool Refunded);

public sealed record ErasurePreviewView(
    string Name, SessionToCancelView[] Sessions, bool KeepsRecords, DateTimeOffset RecordsKeptUntil, int CancellationWindowHours);

public sealed record ErasureOutcomeView(string Pseudonym, int SessionsCancelled, int RefundsRequested, DateTimeOffset? RecordsKeptUntil);

public sealed record RetentionView(int ClinicalRetentionYears);
