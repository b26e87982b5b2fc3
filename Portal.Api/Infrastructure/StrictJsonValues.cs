using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Api.Infrastructure;

/// <summary>Text and choices as the Api takes them: no NUL in any text (PostgreSQL cannot store it), no undefined choice.</summary>
internal static class StrictJsonValues
{
    public const string NoNul = "Text cannot hold the NUL character (\\u0000).";

    public sealed class TextWithoutNul : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(reader.GetString());

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(reader.GetString())!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);

        private static string? Checked(string? text) =>
            text is not null && text.Contains('\0') ? throw new JsonException(NoNul) : text;
    }

    /// <summary>Choices by name (or number, as before), refused when they name nothing: a day 999, a mode -1.</summary>
    public sealed class DefinedChoices : JsonConverterFactory
    {
        private readonly JsonStringEnumConverter names = new();

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(
                typeof(DefinedChoice<>).MakeGenericType(typeToConvert), [names.CreateConverter(typeToConvert, options)])!;
    }

    private sealed class DefinedChoice<T>(JsonConverter<T> names) : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(names.Read(ref reader, typeToConvert, options));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => names.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Checked(names.ReadAsPropertyName(ref reader, typeToConvert, options));

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            names.WriteAsPropertyName(writer, value, options);

        private static T Checked(T value) =>
            typeof(T).IsDefined(typeof(FlagsAttribute), false) || Enum.IsDefined(value)
                ? value
                : throw new JsonException($"Choose one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
