using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Portal.Api.Identity;
using Portal.Core.Content;

namespace Portal.Api.Content;

/// <summary>
/// The library: only the therapist adds, edits and shares; a client reaches an item and its file only once it is shared
/// with them (<see cref="ContentQueries.ContentVisibleTo"/>), and to anyone else it does not exist (404, never 403).
/// </summary>
public static class ContentApi
{
    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder app)
    {
        var content = app.MapGroup("api/content").WithTags("Content");
        content.MapPost("/", Upload).RequireAuthorization(Policies.Therapist).WithName("AddContent")
            .WithSummary("Adds an item: multipart parts title, kind (Audio, Worksheet, Meditation, Link) and description, then file (or url for a link). The file's type is read from its bytes.")
            .DescribeUploadForm()
            .Produces<ContentItemResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        content.MapGet("/", List).RequireAuthorization(Policies.Therapist).WithName("ListContent")
            .WithSummary("Her library, newest first, with whom each item is shared (?archived=true shows archived items too).");
        content.MapGet("/{id:guid}", Read).RequireAuthorization(Policies.Therapist).WithName("ReadContent")
            .WithSummary("One item of her library, with whom it is shared.");
        content.MapPut("/{id:guid}", Edit).RequireAuthorization(Policies.Therapist).WithName("EditContent")
            .WithSummary("Changes the title and description; archived: true archives it, false restores it.");
        content.MapPost("/{id:guid}/shares", Share).RequireAuthorization(Policies.Therapist).WithName("ShareContent")
            .WithSummary("Shares the item with one client ({ clientId, bookingId?, note? }); the client is told in the portal and by email.");
        content.MapDelete("/{id:guid}/shares/{clientId:guid}", Unshare).RequireAuthorization(Policies.Therapist).WithName("UnshareContent")
            .WithSummary("Takes the item out of the client's library.");
        content.MapGet("/{id:guid}/file", File).RequireAuthorization().WithName("ContentFile")
            .WithSummary("The item's file, streamed; honours Range (206) so recordings seek. The therapist, or a client it is shared with; 404 for anyone else.");

        var library = app.MapGroup("api/me/library").WithTags("Content").RequireAuthorization(Policies.Client);
        library.MapGet("/", Feed).WithName("MyLibrary").WithSummary("What was shared with the caller, newest first, new items marked.");
        library.MapPost("/{id:guid}/seen", Seen).WithName("MarkLibraryItemSeen").WithSummary("The caller has seen the item: it is no longer new.");
        return app;
    }

    public static Task<IResult> Upload(HttpContext http, ContentLibrary library, IOptionsMonitor<ContentOptions> options, CancellationToken cancellationToken) =>
        ContentUpload.ReceiveAsync(http, library, options.CurrentValue.MaxUploadBytes, cancellationToken);

    public static async Task<Ok<ContentItemResponse[]>> List(bool? archived, ContentLibrary library, CancellationToken cancellationToken) =>
        TypedResults.Ok((await library.ListAsync(archived == true, null, cancellationToken)).Select(i => ContentItemResponse.From(i.Item, i.Shares)).ToArray());

    public static async Task<Results<Ok<ContentItemResponse>, ProblemHttpResult>> Read(Guid id, ContentLibrary library, CancellationToken cancellationToken) =>
        (await library.ListAsync(withArchived: true, id, cancellationToken)) is [var item]
            ? TypedResults.Ok(ContentItemResponse.From(item.Item, item.Shares))
            : Problem(ContentRefusal.NoSuchItem);

    public static async Task<Results<Ok<ContentItemResponse>, ValidationProblem, ProblemHttpResult>> Edit(
        Guid id, EditContentRequest request, ContentLibrary library, CancellationToken cancellationToken)
    {
        var errors = ContentRules.Check(request.Title, request.Description, nameof(ContentKind.Audio), out var details);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The item needs another look");
        }

        var (item, refusal) = await library.EditAsync(id, details!.Title, details.Description, request.Archived, cancellationToken);
        return item is null ? Problem(refusal!) : TypedResults.Ok(ContentItemResponse.From(item, []));
    }

    public static async Task<Results<Created<ContentShareResponse>, Ok<ContentShareResponse>, ValidationProblem, ProblemHttpResult>> Share(
        Guid id, ShareContentRequest request, ContentLibrary library, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ClientId is null || request.ClientId == Guid.Empty)
        {
            errors["clientId"] = ["Choose the client to share it with."];
        }

        if (ContentRules.CheckNote(request.Note) is { } noteError)
        {
            errors["note"] = [noteError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The sharing needs another look");
        }

        var (share, isNew, refusal) = await library.ShareAsync(id, request.ClientId!.Value, request.BookingId, request.Note, cancellationToken);
        if (share is null)
        {
            return refusal!.Field is { } field && refusal.Kind == ContentRefusalKind.Invalid
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [refusal.Detail] }, title: refusal.Title, detail: refusal.Detail)
                : Problem(refusal);
        }

        var response = ContentShareResponse.From(share);
        return isNew ? TypedResults.Created($"/api/content/{id}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Unshare(Guid id, Guid clientId, ContentLibrary library, CancellationToken cancellationToken) =>
        await library.UnshareAsync(id, clientId, cancellationToken) ? TypedResults.NoContent() : Problem(ContentRefusal.NotShared);

    public static async Task<IResult> File(Guid id, bool? download, ContentLibrary library, HttpContext http, CancellationToken cancellationToken)
    {
        if (await library.OpenFileAsync(http.User.AsActor(), id, cancellationToken) is not { } file)
        {
            return Problem(ContentRefusal.NoSuchItem);
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "private, max-age=0, must-revalidate";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentDisposition = new ContentDispositionHeaderValue(download == true ? "attachment" : "inline")
        {
            FileNameStar = file.Item.FileName,
            FileName = AsciiFileName(file.Item.FileName!),
        }.ToString();
        return TypedResults.Stream(file.Bytes, file.Item.MediaType, lastModified: file.Item.CreatedAt, enableRangeProcessing: true);
    }

    public static async Task<Ok<LibraryEntryResponse[]>> Feed(ClaimsPrincipal user, ContentLibrary library, CancellationToken cancellationToken) =>
        TypedResults.Ok((await library.FeedAsync(user.AsActor(), cancellationToken)).Select(LibraryEntryResponse.From).ToArray());

    public static async Task<Results<NoContent, ProblemHttpResult>> Seen(Guid id, ClaimsPrincipal user, ContentLibrary library, CancellationToken cancellationToken) =>
        await library.MarkSeenAsync(user.AsActor(), id, cancellationToken) ? TypedResults.NoContent() : Problem(ContentRefusal.NoSuchItem);

    internal static IResult Refused(ContentRefusal refusal) => refusal.Kind == ContentRefusalKind.Invalid && refusal.Field is { } field
        ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [refusal.Detail] }, title: refusal.Title, detail: refusal.Detail)
        : Problem(refusal);

    private static ProblemHttpResult Problem(ContentRefusal refusal) => TypedResults.Problem(
        statusCode: refusal.Kind switch
        {
            ContentRefusalKind.NotFound => StatusCodes.Status404NotFound,
            ContentRefusalKind.Conflict => StatusCodes.Status409Conflict,
            ContentRefusalKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status400BadRequest,
        },
        title: refusal.Title, detail: refusal.Detail);

    /// <summary>The plain-ASCII fallback name for old clients; the real one travels as filename*.</summary>
    private static string AsciiFileName(string name) =>
        new([.. name.Select(c => c is >= ' ' and < (char)127 and not ('"' or '\\' or ';') ? c : '_')]);
}
