namespace Portal.Web.Api;

/// <summary>The signed-in person's own sessions.</summary>
public sealed partial class PortalApiClient
{
    public async Task<MySessionView[]> MySessionsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<MySessionView[]>("api/auth/sessions/mine", cancellationToken) ?? [];

    public async Task<ApiProblem?> EndMySessionAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/auth/sessions/mine/{id}", cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }
}

public sealed record MySessionView(Guid Id, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, bool Current);
