namespace Portal.Web.Api;

/// <summary>A client's own details; a new address through the link sent to it.</summary>
public sealed partial class PortalApiClient
{
    public async Task<ProfileView> MyProfileAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<ProfileView>("api/me/profile", cancellationToken))!;

    public async Task<ApiProblem?> SaveMyProfileAsync(ProfileChangeForm form, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/me/profile", form, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<ApiProblem?> RequestEmailChangeAsync(string? email, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/me/email-change", new { email }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<(string? Address, ApiProblem? Problem)> EmailChangeAddressAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/email-change/address", new { token }, cancellationToken);
        return response.IsSuccessStatusCode
            ? ((await response.Content.ReadFromJsonAsync<LinkAddressView>(cancellationToken))?.Email, null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    public async Task<ApiProblem?> ConfirmEmailChangeAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/email-change/confirm", new { token }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }
}

public sealed record ProfileView(
    string Name, string Email, string Phone, string TimeZone, bool RemindersByEmail, bool MessageNoticesByEmail, string? PendingEmail);

public sealed record ProfileChangeForm(string? Name, string? Phone, string? TimeZone, bool RemindersByEmail, bool MessageNoticesByEmail);

/// <summary>A client's copies of their data.</summary>
public sealed partial class PortalApiClient
{
    public async Task<DataExportView[]> MyDataExportsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<DataExportView[]>("api/me/data-exports", cancellationToken) ?? [];

    public async Task<ApiProblem?> RequestDataExportAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("api/me/data-exports", null, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }
}

public sealed record DataExportView(Guid Id, DateTimeOffset RequestedAt, DateTimeOffset? ReadyAt, DateTimeOffset? ExpiresAt);
