using System.Net;

namespace Portal.Web.Api;

/// <summary>Threads and messages between a client and the therapist; the Api scopes every read to the caller.</summary>
public sealed partial class PortalApiClient
{
    public const int ThreadPageSize = 20;

    /// <summary>The caller's threads, unread first; the therapist's may be narrowed to one client.</summary>
    public async Task<ThreadPageView> ThreadsAsync(Guid? clientId, int page, CancellationToken cancellationToken)
    {
        var url = $"api/messages/threads?page={Math.Max(page, 1)}&pageSize={ThreadPageSize}" + (clientId is { } id ? $"&clientId={id}" : "");
        return await http.GetFromJsonAsync<ThreadPageView>(url, cancellationToken) ?? ThreadPageView.None;
    }

    /// <summary>The thread with its newest messages (or those before <paramref name="before"/>); null when it is not the caller's.</summary>
    public async Task<ThreadView?> ThreadAsync(Guid id, Guid? before, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/messages/threads/{id}" + (before is { } b ? $"?before={b}" : ""), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ThreadView>(cancellationToken);
    }

    /// <summary>A new thread (<paramref name="clientId"/> only when the therapist writes), or why not.</summary>
    public async Task<(ThreadView? Thread, ApiProblem? Problem)> StartThreadAsync(
        Guid? clientId, MessageInput input, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/messages/threads", new { clientId, input.Subject, input.Body }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<ThreadView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    /// <summary>Sends a reply in the thread: null when sent, or why not.</summary>
    public async Task<ApiProblem?> ReplyAsync(Guid threadId, string? body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/messages/threads/{threadId}/messages", new { body }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    /// <summary>Marks what waits for the caller in the thread as read.</summary>
    public async Task MarkThreadReadAsync(Guid threadId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/messages/threads/{threadId}/read", null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The navigation's badge: how many messages wait, or null when that cannot be told now (the badge is left out).</summary>
    public async Task<int?> UnreadMessagesForBadgeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await UnreadMessagesAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Who holds this session token; null when nobody does (any more). For the live connection, which asks once as it
    /// opens, outside a page request.
    /// </summary>
    public async Task<MeView?> WhoHoldsAsync(string sessionToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sessionToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<MeView>(cancellationToken);
    }

    /// <summary>A client's name and stage, for the therapist writing to them (not audited: no record is read).</summary>
    public async Task<ClientView?> ClientAsync(Guid clientId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/clients/{clientId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ClientView>(cancellationToken);
    }
}
