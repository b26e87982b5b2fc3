namespace Portal.Web.Api;

/// <summary>The therapist's clients: the list, a client's timeline, what she decides about them, notes and the audit.</summary>
public sealed partial class PortalApiClient
{
    public async Task<ClientPageView> ClientsAsync(ClientQuery query, CancellationToken cancellationToken)
    {
        var url = $"api/clients?page={query.Page}&pageSize={query.PageSize}"
            + (string.IsNullOrWhiteSpace(query.Search) ? "" : $"&search={Uri.EscapeDataString(query.Search.Trim())}")
            + (string.IsNullOrWhiteSpace(query.Stage) ? "" : $"&stage={Uri.EscapeDataString(query.Stage)}")
            + (query.NewestFirst ? "&order=newest" : "");
        return await http.GetFromJsonAsync<ClientPageView>(url, cancellationToken) ?? new ClientPageView([], 0, 1, query.PageSize);
    }

    /// <summary>The client's timeline; null when there is no such client. Reading it is audited by the Api.</summary>
    public async Task<TimelineView?> TimelineAsync(Guid clientId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/clients/{clientId}/timeline", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<TimelineView>(cancellationToken);
    }

    /// <summary>The client's sessions, newest first; empty when there is no such client. Not a clinical read: times and types only.</summary>
    public async Task<BookingView[]> ClientSessionsAsync(Guid clientId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/clients/{clientId}/sessions", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<BookingView[]>(cancellationToken) ?? [];
    }

    /// <summary>One of her decisions about a client: discovery-completed, another-discovery-call, inactive, active.</summary>
    public async Task<ApiProblem?> DecideAboutClientAsync(Guid clientId, string decision, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/clients/{clientId}/{decision}", null, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }

    public async Task<(NoteView? Note, ApiProblem? Problem)> StartNoteAsync(
        Guid clientId, string structure, Guid? bookingId, NoteWords words, CancellationToken cancellationToken)
    {
        var request = new { structure, bookingId, words.Text, words.Subjective, words.Objective, words.Assessment, words.Plan };
        using var response = await http.PostAsJsonAsync($"api/clients/{clientId}/notes", request, cancellationToken);
        return await NoteOrProblemAsync(response, cancellationToken);
    }

    /// <summary>The note; null when there is none. Reading it is audited by the Api.</summary>
    public async Task<NoteView?> NoteAsync(Guid noteId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/notes/{noteId}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<NoteView>(cancellationToken);
    }

    public async Task<(NoteView? Note, ApiProblem? Problem)> SaveNoteDraftAsync(Guid noteId, NoteWords words, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/notes/{noteId}", words, cancellationToken);
        return await NoteOrProblemAsync(response, cancellationToken);
    }

    public async Task<(NoteView? Note, ApiProblem? Problem)> SignNoteAsync(Guid noteId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/notes/{noteId}/sign", null, cancellationToken);
        return await NoteOrProblemAsync(response, cancellationToken);
    }

    public async Task<(NoteView? Note, ApiProblem? Problem)> AmendNoteAsync(Guid noteId, NoteWords words, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/notes/{noteId}/amendments", words, cancellationToken);
        return await NoteOrProblemAsync(response, cancellationToken);
    }

    /// <summary>Each client's latest signed note, for Today. Reading them is audited by the Api.</summary>
    public async Task<NoteView[]> LatestNotesAsync(IEnumerable<Guid> clientIds, CancellationToken cancellationToken)
    {
        var ids = clientIds.Distinct().Take(50).ToList();
        return ids.Count == 0
            ? []
            : await http.GetFromJsonAsync<NoteView[]>($"api/notes/latest?{string.Join("&", ids.Select(id => $"clientId={id}"))}", cancellationToken) ?? [];
    }

    public async Task<AuditEntryView[]> AuditAsync(Guid? clientId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (clientId is { } id)
        {
            query.Add($"clientId={id}");
        }

        if (from is { } f)
        {
            query.Add($"from={f:yyyy-MM-dd}");
        }

        if (to is { } t)
        {
            query.Add($"to={t:yyyy-MM-dd}");
        }

        return await http.GetFromJsonAsync<AuditEntryView[]>($"api/audit{(query.Count > 0 ? "?" + string.Join("&", query) : "")}", cancellationToken) ?? [];
    }

    private static async Task<(NoteView? Note, ApiProblem? Problem)> NoteOrProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<NoteView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
}
