namespace Portal.Web.Api;

/// <summary>The practice's settings, her weekly hours and dates, and her session types, as she edits them.</summary>
public sealed partial class PortalApiClient
{
    public async Task<PracticeSettingsView> PracticeSettingsAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<PracticeSettingsView>("api/practice/settings", cancellationToken))!;

    public Task<(SettingsPreviewView? Preview, ApiProblem? Problem)> PreviewPracticeSettingsAsync(PracticeSettingsView settings, CancellationToken cancellationToken) =>
        SendAsync<SettingsPreviewView>(HttpMethod.Post, "api/practice/settings/preview", settings, cancellationToken);

    public Task<(PracticeSettingsView? Saved, ApiProblem? Problem)> SavePracticeSettingsAsync(PracticeSettingsView settings, CancellationToken cancellationToken) =>
        SendAsync<PracticeSettingsView>(HttpMethod.Put, "api/practice/settings", settings, cancellationToken);

    public async Task<WorkingHoursView[]> WorkingHoursAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<WorkingHoursView[]>("api/availability/working-hours", cancellationToken) ?? [];

    public Task<(SessionOutsideHoursView[]? Outside, ApiProblem? Problem)> PreviewWorkingHoursAsync(WorkingHoursView[] hours, CancellationToken cancellationToken) =>
        SendAsync<SessionOutsideHoursView[]>(HttpMethod.Post, "api/availability/working-hours/preview", hours, cancellationToken);

    public Task<(WorkingHoursView[]? Saved, ApiProblem? Problem)> SaveWorkingHoursAsync(WorkingHoursView[] hours, CancellationToken cancellationToken) =>
        SendAsync<WorkingHoursView[]>(HttpMethod.Put, "api/availability/working-hours", hours, cancellationToken);

    public async Task<AvailabilityExceptionView[]> AvailabilityExceptionsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<AvailabilityExceptionView[]>("api/availability/exceptions", cancellationToken) ?? [];

    public Task<(SessionOutsideHoursView[]? Outside, ApiProblem? Problem)> PreviewAvailabilityExceptionAsync(AvailabilityExceptionView exception, CancellationToken cancellationToken) =>
        SendAsync<SessionOutsideHoursView[]>(HttpMethod.Post, "api/availability/exceptions/preview", exception, cancellationToken);

    public Task<(AvailabilityExceptionView? Added, ApiProblem? Problem)> AddAvailabilityExceptionAsync(AvailabilityExceptionView exception, CancellationToken cancellationToken) =>
        SendAsync<AvailabilityExceptionView>(HttpMethod.Post, "api/availability/exceptions", exception, cancellationToken);

    public async Task RemoveAvailabilityExceptionAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/availability/exceptions/{id}", cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task<SessionTypeDetailsView[]> AllSessionTypesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SessionTypeDetailsView[]>("api/session-types/all", cancellationToken) ?? [];

    public async Task<ApiProblem?> SaveSessionTypeAsync(SessionTypeForm form, bool isNew, CancellationToken cancellationToken) =>
        (await SendAsync<System.Text.Json.JsonElement>(
            isNew ? HttpMethod.Post : HttpMethod.Put,
            isNew ? "api/session-types" : $"api/session-types/{Uri.EscapeDataString(form.Slug)}",
            form,
            cancellationToken)).Problem;

    private async Task<(T? Value, ApiProblem? Problem)> SendAsync<T>(HttpMethod method, string url, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<T>(cancellationToken), null)
            : (default, await ProblemOrThrowAsync(response, cancellationToken));
    }
}
