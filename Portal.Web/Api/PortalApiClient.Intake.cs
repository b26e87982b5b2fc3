namespace Portal.Web.Api;

/// <summary>The intake form: her questions, the client's answers, her reading of them and her waiver.</summary>
public sealed partial class PortalApiClient
{
    public async Task<IntakeFormView> IntakeFormAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<IntakeFormView>("api/intake/form", cancellationToken))!;

    public async Task<(IntakeFormView? Form, ApiProblem? Problem)> ReviseIntakeFormAsync(
        IEnumerable<IntakeQuestionDraft> questions, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/intake/form", new { questions }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<IntakeFormView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    public async Task<ClientIntakeView> MyIntakeAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<ClientIntakeView>("api/me/intake", cancellationToken))!;

    public async Task<(ClientIntakeView? Intake, ApiProblem? Problem)> SaveMyIntakeAsync(
        IReadOnlyDictionary<Guid, string[]> answers, bool submit, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("api/me/intake",
            new { submit, answers = answers.ToDictionary(a => a.Key.ToString(), a => a.Value) }, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<ClientIntakeView>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }

    /// <summary>A client's answers (the Api audits the reading); null when there is no such client.</summary>
    public async Task<ClientIntakeView?> ClientIntakeAsync(Guid clientId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/clients/{clientId}/intake", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ClientIntakeView>(cancellationToken);
    }

    public async Task<ApiProblem?> WaiveIntakeAsync(Guid clientId, bool waived, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync($"api/clients/{clientId}/intake-waiver", new { waived }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOrThrowAsync(response, cancellationToken);
    }
}

public sealed record IntakeQuestionView(Guid Id, string Kind, string Text, bool Required, string[] Choices)
{
    public bool IsText => Kind is "ShortText" or "LongText";
}

public sealed record IntakeFormView(int Version, IntakeQuestionView[] Questions);

public sealed record IntakeQuestionDraft(Guid? Id, string Kind, string Text, bool Required, string[] Choices);

public sealed record ClientIntakeView(
    int FormVersion, IntakeQuestionView[] Questions, Dictionary<Guid, string[]> Answers, DateTimeOffset? SavedAt,
    DateTimeOffset? SubmittedAt, DateTimeOffset? WaivedAt, bool Needed, bool Unreadable)
{
    public string[] AnswerTo(Guid question) => Answers.GetValueOrDefault(question) ?? [];
}
