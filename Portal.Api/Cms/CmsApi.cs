using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Cms;

namespace Portal.Api.Cms;

/// <summary>
/// The practice's public content from Directus (articles, podcast episodes, the site's pages, the FAQ), cached and
/// filtered here: only published items dated now or earlier ever leave. Directus calls the webhook when content changes.
/// </summary>
public static class CmsApi
{
    public const int MaxPageSize = 50;

    public static IEndpointRouteBuilder MapCmsApi(this IEndpointRouteBuilder app)
    {
        var cms = app.MapGroup("api/cms").WithTags("Cms").AllowAnonymous();
        cms.MapGet("/articles", Articles).WithName("CmsArticles")
            .WithSummary("Published articles, newest first, paged (?page=1&pageSize=10, at most 50).").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cms.MapGet("/articles/{slug}", Article).WithName("CmsArticle")
            .WithSummary("One published article with its body as sanitised HTML.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cms.MapGet("/podcasts", Episodes).WithName("CmsPodcasts")
            .WithSummary("Published podcast episodes, newest first.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cms.MapGet("/podcasts/{slug}", Episode).WithName("CmsPodcast")
            .WithSummary("One published episode with its description as sanitised HTML.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cms.MapGet("/pages/{key}", Page).WithName("CmsPage")
            .WithSummary("One of the site's texts: home, about, privacy, fees or cancellation.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cms.MapGet("/faq", Faq).WithName("CmsFaq")
            .WithSummary("The questions and answers, in their order.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cms.MapGet("/assets/{id:guid}", CmsAssets.Serve).WithName("CmsAsset")
            .WithSummary("A picture or recording that published content shows, from Directus: ?width= one of 320, 480, 640, 960, 1280, 1920 resizes a picture; Range is honoured (206) so recordings seek.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").Produces(StatusCodes.Status206PartialContent)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapPost("api/webhooks/directus", Changed).AllowAnonymous().WithTags("Cms").WithName("DirectusWebhook")
            .WithSummary("Directus's Flow says a collection changed (the shared secret in X-Portal-Webhook-Secret): its cached answers are dropped.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<Ok<ArticlePage>, ValidationProblem, ProblemHttpResult>> Articles(
        int? page, int? pageSize, CmsContent content, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Between 1 and {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "That page cannot be shown");
        }

        return await WhileAvailable<ArticlePage>(async () =>
        {
            var (number, size) = (page ?? 1, pageSize ?? 10);
            var all = await content.ArticlesAsync(cancellationToken);
            var items = all.Skip((number - 1) * size).Take(size).Select(a => new ArticleSummary(a.Slug, a.Title, a.Summary, a.Author, a.PublishedAt, a.LastModified, a.Cover));
            return TypedResults.Ok(new ArticlePage([.. items], number, size, all.Length));
        });
    }

    public static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> Article(string slug, CmsContent content, CancellationToken cancellationToken) =>
        await WhileAvailable<ArticleResponse>(async () =>
            (await content.ArticlesAsync(cancellationToken)).FirstOrDefault(a => a.Slug == slug) is { } article
                ? TypedResults.Ok(article)
                : NotFound("There is no published article at this address."));

    public static async Task<Results<Ok<EpisodeSummary[]>, ValidationProblem, ProblemHttpResult>> Episodes(CmsContent content, CancellationToken cancellationToken) =>
        await WhileAvailable<EpisodeSummary[]>(async () => TypedResults.Ok(
            (await content.EpisodesAsync(cancellationToken)).Select(e =>
                new EpisodeSummary(e.Slug, e.Title, e.Summary, e.EpisodeNumber, e.DurationSeconds, e.PublishedAt, e.LastModified, e.Audio)).ToArray()));

    public static async Task<Results<Ok<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> Episode(string slug, CmsContent content, CancellationToken cancellationToken) =>
        await WhileAvailable<EpisodeResponse>(async () =>
            (await content.EpisodesAsync(cancellationToken)).FirstOrDefault(e => e.Slug == slug) is { } episode
                ? TypedResults.Ok(episode)
                : NotFound("There is no published episode at this address."));

    public static async Task<Results<Ok<SitePageResponse>, ValidationProblem, ProblemHttpResult>> Page(string key, CmsContent content, CancellationToken cancellationToken) =>
        await WhileAvailable<SitePageResponse>(async () =>
            (await content.PagesAsync(cancellationToken)).FirstOrDefault(p => p.Key == key) is { } sitePage
                ? TypedResults.Ok(sitePage)
                : NotFound($"The site has no text '{(key.Length > 40 ? key[..40] : key)}'. Known texts: {string.Join(", ", CmsCollections.PageKeys.All)}."));

    public static async Task<Results<Ok<FaqEntryResponse[]>, ValidationProblem, ProblemHttpResult>> Faq(CmsContent content, CancellationToken cancellationToken) =>
        await WhileAvailable<FaqEntryResponse[]>(async () => TypedResults.Ok(await content.FaqAsync(cancellationToken)));

    public static async Task<Results<NoContent, ProblemHttpResult>> Changed(
        HttpRequest request, DirectusChange? change, CmsCache cache, IOptions<CmsOptions> options, CancellationToken cancellationToken)
    {
        if (!SecretMatches(options.Value.WebhookSecret, request.Headers[CmsCollections.WebhookSecretHeader].ToString()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not from Directus",
                detail: $"The {CmsCollections.WebhookSecretHeader} header is missing or wrong.");
        }

        // A change to a collection of ours drops that collection; anything else (a file replaced) drops everything.
        var collection = CmsCollections.All.Contains(change?.Collection) ? change!.Collection : null;
        await cache.EvictAsync(collection, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Constant time whatever the lengths: both sides are hashed first.</summary>
    internal static bool SecretMatches(string? expected, string? given) =>
        !string.IsNullOrEmpty(expected) && !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> WhileAvailable<T>(
        Func<Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>>> answer)
    {
        try
        {
            return await answer();
        }
        catch (CmsUnavailableException)
        {
            return Unavailable();
        }
    }

    internal static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    internal static ProblemHttpResult Unavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Briefly unavailable",
            detail: "The practice's articles and pages cannot be read just now, and no earlier copy is kept. Please try again shortly.");
}
