using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Portal.Core.Content;

namespace Portal.Api.Content;

/// <summary>
/// Reads <c>POST /api/content</c> as it streams in: the text parts (title, kind, description, url) come first, then the
/// file, whose bytes go straight on to the library, a chunk at a time. Nothing buffers the whole file.
/// </summary>
public static class ContentUpload
{
    private const int MaxTextPartBytes = 16 * 1024;

    /// <summary>The parts, for the OpenAPI document (the handler reads them itself, as they stream in).</summary>
    public static RouteHandlerBuilder DescribeUploadForm(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            OpenApiSchema Text(int maxLength) => new() { Type = JsonSchemaType.String, MaxLength = maxLength };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "title", "kind" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["title"] = Text(ContentItem.MaxTitleLength),
                                ["kind"] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String,
                                    Enum = [.. Enum.GetNames<ContentKind>().Select(name => (System.Text.Json.Nodes.JsonNode)name)],
                                },
                                ["description"] = Text(ContentItem.MaxDescriptionLength),
                                ["url"] = Text(ContentItem.MaxUrlLength),
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });

    public static async Task<IResult> ReceiveAsync(HttpContext http, ContentLibrary library, long maxUploadBytes, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxUploadBytes + (1024 * 1024); // the file and its form around it
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Invalid("form", "Send the item as multipart/form-data: the parts title, kind and description, then file (or url for a link).");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reader = new MultipartReader(boundary, http.Request.Body);
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !(disposition.IsFormDisposition() || disposition.IsFileDisposition()))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() || name.Equals("file", StringComparison.OrdinalIgnoreCase))
                {
                    return await FileAsync(fields, HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value, section.Body, library, cancellationToken);
                }

                using var text = new StreamReader(section.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                var buffer = new char[MaxTextPartBytes + 1];
                var read = await text.ReadBlockAsync(buffer, cancellationToken);
                if (read > MaxTextPartBytes)
                {
                    return Invalid(name, $"The part '{name}' is too long.");
                }

                fields[name] = new string(buffer, 0, read);
            }
        }
        catch (InvalidDataException exception)
        {
            return Invalid("form", $"The form could not be read: {exception.Message}");
        }

        return await LinkAsync(fields, library, cancellationToken);
    }

    private static async Task<IResult> FileAsync(
        Dictionary<string, string> fields, string? fileName, Stream file, ContentLibrary library, CancellationToken cancellationToken)
    {
        if (Details(fields, out var details) is { } problem)
        {
            return problem;
        }

        var (item, refusal) = await library.AddFileAsync(details!, fileName, file, cancellationToken);
        return item is null ? ContentApi.Refused(refusal!) : Created(item);
    }

    private static async Task<IResult> LinkAsync(Dictionary<string, string> fields, ContentLibrary library, CancellationToken cancellationToken)
    {
        if (Details(fields, out var details) is { } problem)
        {
            return problem;
        }

        if (details!.Kind != ContentKind.Link)
        {
            return Invalid("file", "Choose the file to upload (for a link, choose the kind Link and give its url).");
        }

        var url = ContentRules.LinkOrNull(fields.GetValueOrDefault("url"), out var error);
        return url is null ? Invalid("url", error!) : Created(await library.AddLinkAsync(details, url, cancellationToken));
    }

    private static IResult? Details(Dictionary<string, string> fields, out ContentDetails? details)
    {
        var errors = ContentRules.Check(fields.GetValueOrDefault("title"), fields.GetValueOrDefault("description"), fields.GetValueOrDefault("kind"), out details);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The item needs another look",
                detail: "Send the parts title, kind and description before the file. " + string.Join(" ", errors.Values.SelectMany(e => e)))
            : null;
    }

    private static IResult Created(ContentItem item) => TypedResults.Created($"/api/content/{item.Id}", ContentItemResponse.From(item, []));

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The item needs another look", detail: message);
}
