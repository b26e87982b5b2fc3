using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Portal.Core.Practice;

namespace Portal.Api.Infrastructure;

/// <summary>
/// How the Api reads JSON: a body that does not fit its type is refused while it is read (the exception handler
/// answers 400 with where and why), so no handler ever meets a null where its type says none can be, a list with
/// holes, a date at the ends of the calendar, a NUL in its text or a choice that names nothing.
/// </summary>
public static class StrictJson
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.RespectNullableAnnotations = true;
        options.TypeInfoResolver = options.TypeInfoResolver?.WithAddedModifier(RequireNonNullableText);
        options.Converters.Add(new StrictJsonValues.DefinedChoices());
        options.Converters.Add(new StrictJsonValues.TextWithoutNul());
        options.Converters.Add(new BoundedInstantConverter());
        options.Converters.Add(new BoundedDayConverter());
        options.Converters.Add(new ListsWithoutNullsConverter());
    }

    /// <summary>
    /// A record's parameter typed as text or an object, not nullable and with no default, must be in the body: left
    /// out, it would arrive as the null its type says it cannot be. (Numbers and flags left out keep their defaults.)
    /// </summary>
    private static void RequireNonNullableText(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false } && !property.PropertyType.IsValueType)
            {
                property.IsRequired = true;
            }
        }
    }

    /// <summary>The reader's sentence without its position (the problem names the path on its own).</summary>
    public static string Reason(JsonException exception) => exception.Message.Split(" Path: ")[0].Split(" | LineNumber")[0];

    private sealed class BoundedInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
            {
                throw new JsonException("Give a time in ISO 8601 with its offset, like 2026-03-02T14:00:00+00:00.");
            }

            return CalendarBounds.Contains(value) ? value : throw new JsonException(CalendarBounds.Sentence);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    private sealed class BoundedDayConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String
                || !DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var value))
            {
                throw new JsonException("Give a date like 2026-03-02.");
            }

            return CalendarBounds.Contains(value) ? value : throw new JsonException(CalendarBounds.Sentence);
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Arrays and lists of objects or strings: the Api never takes one with a null in it.</summary>
    private sealed class ListsWithoutNullsConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => ElementOf(typeToConvert) is { IsValueType: false };

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(
                typeof(ListConverter<>).MakeGenericType(ElementOf(typeToConvert)!), [typeToConvert.IsArray])!;

        private static Type? ElementOf(Type type) =>
            type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType()
            : type.IsGenericType && ListShapes.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0]
            : null;

        private static readonly Type[] ListShapes = [typeof(List<>), typeof(IReadOnlyList<>), typeof(IList<>), typeof(IEnumerable<>), typeof(IReadOnlyCollection<>)];
    }

    private sealed class ListConverter<T>(bool asArray) : JsonConverter<IEnumerable<T>>
    {
        public override bool CanConvert(Type typeToConvert) => true;

        public override IEnumerable<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Give a list here ([...]).");
            }

            var items = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(ReadItem(ref reader, items.Count, options)
                    ?? throw new JsonException($"Item {items.Count} is null; a list cannot hold null: leave the item out instead."));
            }

            return asArray ? items.ToArray() : items;
        }

        private static T? ReadItem(ref Utf8JsonReader reader, int index, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default;
            }

            try
            {
                return JsonSerializer.Deserialize<T>(ref reader, options);
            }
            catch (JsonException inner)
            {
                // Read on its own, the item's path starts again at $: say which item, and where in it.
                var at = inner.Path is { Length: > 1 } path ? $" at {path[1..].TrimStart('.')}" : "";
                throw new JsonException($"Item {index}{at}: {Reason(inner)}", inner);
            }
        }

        public override void Write(Utf8JsonWriter writer, IEnumerable<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
