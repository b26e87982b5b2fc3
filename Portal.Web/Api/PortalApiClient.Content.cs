using System.Net;

namespace Portal.Web.Api;

/// <summary>Her library and each client's own; files themselves travel through <see cref="Content.ContentFiles"/>.</summary>
public sealed partial class PortalApiClient
{
    public async Task<ContentItemView[]> LibraryAsync(bool withArchived, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<ContentItemView[]>(withArchived ? "api/content?archived=true" : "api/content", cancellationToken) ?? [];

    /// <summary>One item of her library with whom it is shared; null when there is none.</summary>
    public async Task<ContentItemView?> ContentItemAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/content/{id}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ContentItemView>(cancellationToken);
    }

    /// <summary>New words, or archived (true) / restored (false); null when done, or why not.</summary>
    public async Task<ApiProblem?> EditContentAsync(Guid id, string? title, string? description, bool? archived, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/content/{id}", new { title, description, archived }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> ShareContentAsync(Guid id, Guid clientId, Guid? bookingId, string? note, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/content/{id}/shares", new { clientId, bookingId, note }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> UnshareContentAsync(Guid id, Guid clientId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/content/{id}/shares/{clientId}", cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<LibraryEntryView[]> MyLibraryAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<LibraryEntryView[]>("api/me/library", cancellationToken) ?? [];

    public async Task MarkLibraryItemSeenAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/me/library/{id}/seen", null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }
}
