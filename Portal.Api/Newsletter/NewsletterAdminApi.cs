using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Data;
using Portal.Core.Newsletter;

namespace Portal.Api.Newsletter;

/// <summary>The therapist writes to her subscribers: segments, preview, a test to herself, send now or later, history.</summary>
public static class NewsletterAdminApi
{
    public static IEndpointRouteBuilder MapNewsletterAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("api/newsletter").WithTags("Newsletter").RequireAuthorization(Policies.Therapist);
        admin.MapGet("/segments", Segments)
            .WithName("NewsletterSegments")
            .WithSummary("Who a newsletter can go to, with how many confirmed, unsuppressed subscribers each reaches now.");
        admin.MapPost("/preview", Preview)
            .WithName("PreviewNewsletter")
            .WithSummary("The draft's Markdown as the HTML and plain text readers will get (links as written, raw HTML escaped).");
        admin.MapPost("/test", SendTest)
            .WithName("SendNewsletterTest")
            .WithSummary("Sends the draft to the therapist's own address, marked [Test].");
        admin.MapPost("/issues", Schedule)
            .WithName("ScheduleNewsletter")
            .WithSummary("Keeps the issue and sends it to its segment at sendAt (now when absent): one email per recipient, throttled.");
        admin.MapGet("/issues", History)
            .WithName("NewsletterHistory")
            .WithSummary("Every issue, newest first: segment, time, recipients and counts (sent, delivered, bounced, complained, unsubscribed).");
        admin.MapPost("/import/preview", PreviewImport)
            .WithName("PreviewMailchimpImport")
            .WithSummary("Reads a Mailchimp audience export (CSV text) without changing anything: the subscribed rows it would add, and what it leaves out.");
        admin.MapPost("/import", Import)
            .WithName("ImportMailchimpAudience")
            .WithSummary("Adds a Mailchimp export's subscribed rows (duplicates merged case-insensitively; unsubscribed and cleaned rows left out).");
        return app;
    }

    public static Results<Ok<ImportPreviewResponse>, ValidationProblem> PreviewImport(ImportRequest request) =>
        Read(request) is var (audience, errors) && errors is not null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(ImportPreviewResponse.From(audience!));

    public static async Task<Results<Ok<ImportResponse>, ValidationProblem>> Import(
        ImportRequest request, MailchimpImport import, CancellationToken cancellationToken)
    {
        if (Read(request) is not (var audience, null))
        {
            return TypedResults.ValidationProblem(Read(request).Errors!);
        }

        var result = await import.CommitAsync(audience!, cancellationToken);
        return TypedResults.Ok(new ImportResponse(result.Added, result.AlreadySubscribed, result.KeptOut));
    }

    private static (MailchimpAudience? Audience, Dictionary<string, string[]>? Errors) Read(ImportRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Csv) || request.Csv.Length > MailchimpImport.MaxCharacters)
        {
            return (null, new() { ["csv"] = ["Choose the CSV file Mailchimp exported (up to 5 MB)."] });
        }

        var audience = MailchimpImport.Read(request.Csv);
        return audience.Problem is { } problem ? (null, new() { ["csv"] = [problem] }) : (audience, null);
    }

    public static async Task<Ok<SegmentResponse[]>> Segments(NewsletterSending sending, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sending.SegmentSizesAsync(cancellationToken))
            .Select(s => new SegmentResponse(s.Segment.ToString(), s.Label, s.Subscribers)).ToArray());

    public static Results<Ok<PreviewResponse>, ValidationProblem> Preview(DraftRequest request) =>
        NewsletterSending.ValidateDraft(request.Subject, request.Body) is { Count: > 0 } errors
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(new PreviewResponse(request.Subject!.Trim(), NewsletterMarkdown.ToHtml(request.Body!), NewsletterMarkdown.ToPlainText(request.Body!)));

    public static async Task<Results<Accepted<TestSent>, ValidationProblem>> SendTest(
        DraftRequest request, ClaimsPrincipal user, PortalDb db, NewsletterSending sending, CancellationToken cancellationToken)
    {
        if (NewsletterSending.ValidateDraft(request.Subject, request.Body) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var practice = await db.PracticeSettings.AsNoTracking().SingleAsync(cancellationToken);
        var to = practice.TherapistEmail is { Length: > 0 } address
            ? address
            : await db.UserAccounts.Where(u => u.Id == user.UserId()).Select(u => u.EmailKey).SingleAsync(cancellationToken);
        await sending.SendTestAsync(to, request.Subject!, request.Body!, cancellationToken);
        return TypedResults.Accepted((string?)null, new TestSent(to));
    }

    public static async Task<Results<Created<IssueResponse>, ValidationProblem>> Schedule(
        ScheduleRequest request, NewsletterSending sending, CancellationToken cancellationToken)
    {
        if (sending.Validate(request.Subject, request.Body, request.Segment, request.SendAt) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var issue = await sending.ScheduleAsync(request.Subject!, request.Body!, Enum.Parse<NewsletterSegment>(request.Segment!, ignoreCase: true),
            request.SendAt, cancellationToken);
        return TypedResults.Created($"/api/newsletter/issues/{issue.Id}", IssueResponse.From(new IssueHistory(issue, 0, 0, 0, 0, 0)));
    }

    public static async Task<Ok<IssueResponse[]>> History(NewsletterSending sending, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sending.HistoryAsync(cancellationToken)).Select(IssueResponse.From).ToArray());
}

public sealed record SegmentResponse(string Segment, string Label, int Subscribers);

public sealed record ImportRequest(string? Csv);

public sealed record ImportPreviewResponse(
    int Rows, int Subscribed, int Unsubscribed, int Cleaned, int Invalid, int Duplicates, ImportedRow[] FirstRows)
{
    public static ImportPreviewResponse From(MailchimpAudience audience) => new(
        audience.Rows, audience.Subscribers.Count, audience.Unsubscribed, audience.Cleaned, audience.Invalid, audience.Duplicates,
        [.. audience.Subscribers.Take(20).Select(s => new ImportedRow(s.Email, s.Name, s.ConsentedAt))]);
}

public sealed record ImportedRow(string Email, string Name, DateTimeOffset? ConsentedAt);

public sealed record ImportResponse(int Added, int AlreadySubscribed, int KeptOut);

public sealed record DraftRequest(string? Subject, string? Body);

public sealed record PreviewResponse(string Subject, string Html, string Text);

public sealed record TestSent(string To);

/// <param name="Segment">AllSubscribers, Prospects, ActiveClients, PastClients or NotClients.</param>
/// <param name="SendAt">When to send; absent to send now.</param>
public sealed record ScheduleRequest(string? Subject, string? Body, string? Segment, DateTimeOffset? SendAt);

/// <param name="Status">Scheduled (waiting for its time), Queued (its emails are going out or gone).</param>
public sealed record IssueResponse(
    Guid Id, string Subject, string Segment, string SegmentLabel, DateTimeOffset CreatedAt, DateTimeOffset SendAt, string Status,
    int? Recipients, int Sent, int Delivered, int Bounced, int Complained, int Unsubscribed)
{
    public static IssueResponse From(IssueHistory history) => new(
        history.Issue.Id, history.Issue.Subject, history.Issue.Segment.ToString(), NewsletterSegments.Labels[history.Issue.Segment],
        history.Issue.CreatedAt, history.Issue.SendAt, history.Issue.QueuedAt is null ? "Scheduled" : "Queued", history.Issue.RecipientCount,
        history.Sent, history.Delivered, history.Bounced, history.Complained, history.Unsubscribed);
}
