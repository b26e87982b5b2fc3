using System.Text.Json.Nodes;

namespace Portal.Tests.Api.Fuzzing;

/// <summary>A value to put in a body: <see cref="Remove"/> leaves the property out altogether.</summary>
public sealed record JsonSample(string Kind, JsonNode? Value, bool Remove = false);

/// <summary>A value for the path or the query, percent-encoded as it goes on the wire.</summary>
public sealed record TextSample(string Kind, string Encoded)
{
    public static TextSample Plain(string kind, string value) => new(kind, Uri.EscapeDataString(value));
}

/// <summary>Wrong types, empty and huge strings, extreme numbers and dates, for one place of a request.</summary>
public static class MalformedSamples
{
    public const int HugeLength = 100_000;

    /// <summary>Kestrel refuses request lines over 8 KB before the Api sees them; the in-memory server does not.</summary>
    public const int HugeUrlLength = 10_000;

    public static readonly string[] Dates = ["0001-01-01", "9999-12-31"];

    /// <summary>The calendar's ends, also where an offset takes the instant past them.</summary>
    public static readonly string[] Instants =
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
    ];

    public static IEnumerable<JsonSample> Json(ApiSchema schema, Random random)
    {
        yield return new("null", null);
        yield return new("left out", null, Remove: true);
        yield return new("object instead", new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } });
        yield return new("array with a null element", new JsonArray((JsonNode?)null));
        yield return new("true instead", true);

        switch (schema.Type)
        {
            case "integer" or "number":
                foreach (var sample in Numbers())
                {
                    yield return sample;
                }

                break;
            case "boolean":
                yield return new("string \"true\"", "true");
                yield return new("number 1", 1);
                break;
            case "enum":
                yield return new("unknown enum name", "NotAValue");
                yield return new("enum in lower case", schema.Enum![0].ToLowerInvariant());
                yield return new("enum as number 999", 999);
                yield return new("enum as number -1", -1);
                yield return new("enum as numeric string", "1");
                yield return new("empty string", "");
                break;
            case "array":
                yield return new("empty array", new JsonArray());
                yield return new("string instead", "fuzz");
                yield return new("5,000 elements", new JsonArray([.. Enumerable.Range(0, 5_000)
                    .Select(_ => schema.Items is { } items ? ValidSamples.For(items, "", random) : null)]));
                break;
            case "object":
                yield return new("empty array instead", new JsonArray());
                yield return new("string instead", "fuzz");
                break;
            default:
                foreach (var sample in Strings(schema.Format, random))
                {
                    yield return sample;
                }

                break;
        }
    }

    /// <summary>The same for route and query values, where every value arrives as text.</summary>
    /// <param name="inPath">
    /// A NUL in the path itself is refused by Kestrel before the Api sees it (and the in-memory server throws), so
    /// only the query gets one.
    /// </param>
    public static IEnumerable<TextSample> Text(Random random, bool inPath)
    {
        yield return new("empty", "");
        yield return TextSample.Plain("space", " ");
        yield return TextSample.Plain("abc", "abc");
        yield return new($"huge ({HugeUrlLength:N0} chars)", new string('x', HugeUrlLength));
        yield return new("control characters", inPath ? "%01%07%1B%0D%0A%7F" : "%00%01%07%1B%0D%0A%7F");
        yield return new("invalid UTF-8 (lone surrogate)", "%ED%A0%80");
        yield return new("invalid UTF-8 (0xFF)", "%FF%FE");
        yield return TextSample.Plain("unicode", "Zoë 😀 \u202Eevil");
        yield return TextSample.Plain("impossible date 2026-13-45", "2026-13-45");
        foreach (var date in Dates)
        {
            yield return TextSample.Plain($"date {date}", date);
        }

        foreach (var instant in Instants)
        {
            yield return TextSample.Plain($"instant {instant}", instant);
        }

        yield return TextSample.Plain("Windows zone id", "Pacific Standard Time");
        yield return TextSample.Plain("unknown zone id", "Mars/Olympus");
        yield return TextSample.Plain("int.MaxValue", "2147483647");
        yield return TextSample.Plain("int.MaxValue + 1", "2147483648");
        yield return TextSample.Plain("-1", "-1");
        yield return TextSample.Plain("long overflow", "9223372036854775808");
        yield return TextSample.Plain("1e308", "1e308");
        yield return TextSample.Plain("NaN", "NaN");
        yield return TextSample.Plain("empty Guid", Guid.Empty.ToString());
        yield return TextSample.Plain("random Guid", ValidSamples.RandomGuid(random).ToString());
    }

    private static IEnumerable<JsonSample> Numbers()
    {
        yield return new("int.MaxValue", int.MaxValue);
        yield return new("int.MinValue", int.MinValue);
        yield return new("-1", -1);
        yield return new("0", 0);
        yield return new("int.MaxValue + 1", 2147483648L);
        yield return new("long.MaxValue", long.MaxValue);
        yield return new("long overflow", RawJson.Token("9223372036854775808"));
        yield return new("negative long overflow", RawJson.Token("-9223372036854775809"));
        yield return new("long overflow as string", "9223372036854775808");
        yield return new("1e308", RawJson.Token("1e308"));
        yield return new("-1e308", RawJson.Token("-1e308"));
        yield return new("1e400 (beyond double)", RawJson.Token("1e400"));
        yield return new("fraction 1.5", 1.5);
        yield return new("string \"abc\"", "abc");
        yield return new("empty string", "");
        yield return new("numeric string int.MaxValue", "2147483647");
    }

    private static IEnumerable<JsonSample> Strings(string? format, Random random)
    {
        yield return new("empty string", "");
        yield return new("whitespace", "   ");
        yield return new($"huge string ({HugeLength:N0} chars)", new string('x', HugeLength));
        yield return new("control characters", "\u0000\u0001\u0007\u001b\r\n\t\u007f");
        yield return new("unicode", "Zoë 😀 \u202Eevil\u202C 𝔘𝔫𝔦 ﷽ \u200B");
        yield return new("lone surrogate", RawJson.Token("\"\\ud800\""));
        yield return new("number instead", 12345);
        yield return new("impossible date 2026-13-45", "2026-13-45");
        foreach (var date in Dates)
        {
            yield return new($"date {date}", date);
        }

        foreach (var instant in Instants)
        {
            yield return new($"instant {instant}", instant);
        }

        yield return new("Windows zone id", "Pacific Standard Time");
        yield return new("unknown zone id", "Mars/Olympus");

        var typed = format switch
        {
            "date-time" => new JsonSample[]
            {
                new("instant without offset", "2026-03-10T10:00:00"),
                new("date only", "2026-03-10"),
                new("30 February", "2026-02-30T10:00:00Z"),
                new("25:61", "2026-03-10T25:61:00Z"),
                new("unix seconds", 1773136800),
            },
            "date" => [new("30 February", "2026-02-30"), new("instant", ValidSamples.Instant), new("number 20260310", 20260310)],
            "time" => [new("24:00", "24:00"), new("23:59:59.9999999", "23:59:59.9999999"), new("00:00", "00:00"),
                new("25:61", "25:61"), new("negative", "-01:00"), new("number 900", 900)],
            "uuid" => [new("empty Guid", Guid.Empty.ToString()), new("random Guid", ValidSamples.RandomGuid(random).ToString()), new("abc", "abc")],
            _ => [],
        };
        foreach (var sample in typed)
        {
            yield return sample;
        }
    }
}
