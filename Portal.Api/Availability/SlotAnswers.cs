using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Portal.Api.Availability;

/// <summary>
/// Slot searches' answers as the bytes sent, per calendar version, session type, window and time zone: the same
/// question is answered from memory until the version moves or the answer goes stale with time
/// (<see cref="Portal.Core.Availability.FreeTimesFreshness"/>). Bounded in bytes like the shared reads.
/// </summary>
public sealed class SlotAnswers(IOptions<AvailabilityCacheOptions> options) : IDisposable
{
    private readonly MemoryCache answers = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxAnswerBytes });

    public byte[]? Find(SlotQuestion question, Instant now) =>
        answers.TryGetValue(question, out Answer? answer) && now < answer!.FreshUntil ? answer.Json : null;

    public byte[] Keep(SlotQuestion question, SlotsResponse response, Instant freshUntil)
    {
        var json = Serialize(response);
        answers.Set(question, new Answer(json, freshUntil), new MemoryCacheEntryOptions
        {
            Size = json.Length + 256,
            // An older version is never asked for again; this only bounds how long it takes up room.
            SlidingExpiration = TimeSpan.FromMinutes(2),
        });
        return json;
    }

    public static byte[] Serialize(SlotsResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, SlotsJson.Default.SlotsResponse);

    public void Dispose() => answers.Dispose();

    private sealed record Answer(byte[] Json, Instant FreshUntil);
}

/// <summary>One slot search as a cache key: the version it was answered at and the window after clamping.</summary>
public readonly record struct SlotQuestion(long Version, string SessionType, LocalDate FirstDay, LocalDate LastDay, string TimeZone);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SlotsResponse))]
public sealed partial class SlotsJson : JsonSerializerContext;

/// <summary>A slot search's answer, already JSON; described to OpenAPI as the <see cref="SlotsResponse"/> it is.</summary>
public sealed class SlotsJsonResult(byte[] json) : IResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = json.Length;
        return httpContext.Response.Body.WriteAsync(json).AsTask();
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new Microsoft.AspNetCore.Http.ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SlotsResponse), ["application/json"]));
}
