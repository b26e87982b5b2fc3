using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Api.Identity;
using Portal.Api.RateLimiting;
using Portal.Core.MyData;

namespace Portal.Api.MyData;

/// <summary>A client's copy of their data: asked for, gathered by the Worker, downloaded while signed in for 7 days.</summary>
public static class MyDataApi
{
    public static IEndpointRouteBuilder MapMyDataApi(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("api/me/data-exports").WithTags("My data").RequireAuthorization(Policies.Client);
        exports.MapPost("/", Request)
            .RequireRateLimit(rules => rules.MagicLinkPerIp, "data-export")
            .WithName("RequestDataExport")
            .WithSummary("Asks for a copy of everything the practice holds about the client; the Worker gathers it and emails when ready.");
        exports.MapGet("/", List)
            .WithName("MyDataExports")
            .WithSummary("The client's exports still downloadable or being gathered, newest first.");
        exports.MapGet("/{id:guid}/download", Download)
            .WithName("DownloadDataExport")
            .WithSummary("The export as a zip: one JSON file per kind of record, summary.html, and the files shared with the client.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return app;
    }

    public static async Task<Accepted<DataExportResponse>> Request(ClaimsPrincipal user, MyDataDesk desk, CancellationToken cancellationToken)
    {
        var export = await desk.RequestAsync(user.AsCaller().ClientId!.Value, cancellationToken);
        return TypedResults.Accepted((string?)null, DataExportResponse.From(export));
    }

    public static async Task<Ok<DataExportResponse[]>> List(ClaimsPrincipal user, MyDataDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.ListAsync(user.AsCaller().ClientId!.Value, cancellationToken))
            .Select(e => new DataExportResponse(e.Id, e.RequestedAt, e.ReadyAt, e.ExpiresAt)).ToArray());

    public static async Task<IResult> Download(Guid id, HttpContext http, MyDataDesk desk, CancellationToken cancellationToken)
    {
        var (outcome, export) = await desk.FindAsync(http.User.AsCaller().ClientId!.Value, id, cancellationToken);
        return outcome switch
        {
            ExportDownload.NotFound => TypedResults.NotFound(),
            ExportDownload.NotReadyYet => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Your data is still being gathered", detail: "It is usually ready within minutes; we email you when it is."),
            ExportDownload.Expired => TypedResults.Problem(statusCode: StatusCodes.Status410Gone,
                title: "This copy has expired", detail: "Copies can be downloaded for 7 days. Ask for a new one on your data page."),
            _ => new ZipDownload(export!, desk),
        };
    }

    /// <summary>Streams the zip as it is written: nothing of it is held whole in memory or on disk.</summary>
    private sealed class ZipDownload(DataExport export, MyDataDesk desk) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "application/zip";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"my-data-{export.ReadyAt:yyyy-MM-dd}.zip\"";
            http.Response.Headers.CacheControl = "no-store";
            // The zip's deflate streams flush synchronously when an entry closes (.NET 10): allowed for this answer only.
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>() is { } body)
            {
                body.AllowSynchronousIO = true;
            }

            await desk.WriteZipAsync(export, http.Response.Body, http.RequestAborted);
        }
    }
}

public sealed record DataExportResponse(Guid Id, DateTimeOffset RequestedAt, DateTimeOffset? ReadyAt, DateTimeOffset? ExpiresAt)
{
    public static DataExportResponse From(DataExport export) => new(export.Id, export.RequestedAt, export.ReadyAt, export.ExpiresAt);
}
