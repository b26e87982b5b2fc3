namespace Portal.Web.Api;

/// <summary>The newsletter: joining and leaving, a client's choice, and the therapist's compose, preview, send and history.</summary>
public sealed partial class PortalApiClient
{
    public Task<(NewsletterMessageView? Result, ApiProblem? Problem)> SubscribeToNewsletterAsync(
        string? email, string? name, string source, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterMessageView>(HttpMethod.Post, "api/newsletter/subscriptions", new { email, name, source }, cancellationToken);

    public Task<(NewsletterAddressView? Result, ApiProblem? Problem)> ConfirmNewsletterAsync(string token, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterAddressView>(HttpMethod.Post, "api/newsletter/confirm", new { token }, cancellationToken);

    public Task<(NewsletterAddressView? Result, ApiProblem? Problem)> UnsubscribeAsync(string token, bool oneClick, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterAddressView>(HttpMethod.Post, "api/newsletter/unsubscribe", new { token, oneClick }, cancellationToken);

    public Task<(NewsletterAddressView? Result, ApiProblem? Problem)> UnsubscribeAddressAsync(string token, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterAddressView>(HttpMethod.Post, "api/newsletter/unsubscribe/address", new { token }, cancellationToken);

    public async Task<NewsletterChoiceView> MyNewsletterAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<NewsletterChoiceView>("api/me/newsletter", cancellationToken))!;

    public Task<(NewsletterChoiceView? Result, ApiProblem? Problem)> ChooseMyNewsletterAsync(bool subscribed, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterChoiceView>(HttpMethod.Put, "api/me/newsletter", new { subscribed }, cancellationToken);

    public async Task<NewsletterSegmentView[]> NewsletterSegmentsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<NewsletterSegmentView[]>("api/newsletter/segments", cancellationToken) ?? [];

    public async Task<NewsletterIssueView[]> NewsletterHistoryAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<NewsletterIssueView[]>("api/newsletter/issues", cancellationToken) ?? [];

    public Task<(NewsletterPreviewView? Result, ApiProblem? Problem)> PreviewNewsletterAsync(string? subject, string? body, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterPreviewView>(HttpMethod.Post, "api/newsletter/preview", new { subject, body }, cancellationToken);

    public Task<(NewsletterTestView? Result, ApiProblem? Problem)> SendNewsletterTestAsync(string? subject, string? body, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterTestView>(HttpMethod.Post, "api/newsletter/test", new { subject, body }, cancellationToken);

    public Task<(NewsletterIssueView? Result, ApiProblem? Problem)> ScheduleNewsletterAsync(
        string? subject, string? body, string? segment, DateTimeOffset? sendAt, CancellationToken cancellationToken) =>
        SendNewsletterAsync<NewsletterIssueView>(HttpMethod.Post, "api/newsletter/issues", new { subject, body, segment, sendAt }, cancellationToken);

    private async Task<(T? Result, ApiProblem? Problem)> SendNewsletterAsync<T>(HttpMethod method, string path, object body, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<T>(cancellationToken), null)
            : (null, await ProblemOrThrowAsync(response, cancellationToken));
    }
}

public sealed record NewsletterMessageView(string Message);

public sealed record NewsletterAddressView(string Address);

public sealed record NewsletterChoiceView(bool Subscribed, string Status);

public sealed record NewsletterSegmentView(string Segment, string Label, int Subscribers);

public sealed record NewsletterPreviewView(string Subject, string Html, string Text);

public sealed record NewsletterTestView(string To);

public sealed record NewsletterIssueView(
    Guid Id, string Subject, string Segment, string SegmentLabel, DateTimeOffset CreatedAt, DateTimeOffset SendAt, string Status,
    int? Recipients, int Sent, int Delivered, int Bounced, int Complained, int Unsubscribed);

public sealed partial class PortalApiClient
{
    public Task<(ImportPreviewView? Result, ApiProblem? Problem)> PreviewMailchimpImportAsync(string csv, CancellationToken cancellationToken) =>
        SendNewsletterAsync<ImportPreviewView>(HttpMethod.Post, "api/newsletter/import/preview", new { csv }, cancellationToken);

    public Task<(ImportResultView? Result, ApiProblem? Problem)> ImportMailchimpAsync(string csv, CancellationToken cancellationToken) =>
        SendNewsletterAsync<ImportResultView>(HttpMethod.Post, "api/newsletter/import", new { csv }, cancellationToken);
}

public sealed record ImportPreviewView(int Rows, int Subscribed, int Unsubscribed, int Cleaned, int Invalid, int Duplicates, ImportedRowView[] FirstRows);

public sealed record ImportedRowView(string Email, string Name, DateTimeOffset? ConsentedAt);

public sealed record ImportResultView(int Added, int AlreadySubscribed, int KeptOut);
