using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Intake;

/// <summary>
/// One version of the questions the therapist asks before ongoing work starts. Versions are never changed: an edit
/// makes the next one, and answers keep the version they were given to. The latest version is the form; a form with
/// no questions asks nothing, and then no intake is needed.
/// </summary>
public sealed class IntakeForm
{
    public const int MaxQuestions = 60;

    private IntakeForm()
    {
    }

    public int Version { get; private set; }

    /// <summary>In the order the client sees them.</summary>
    public IReadOnlyList<IntakeQuestion> Questions { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public bool AsksAnything => Questions.Count > 0;

    public static IntakeForm Empty { get; } = new();

    public IntakeForm Next(IReadOnlyList<IntakeQuestion> questions, DateTimeOffset now) =>
        new() { Version = Version + 1, Questions = questions, CreatedAt = now };

    public bool SameQuestionsAs(IReadOnlyList<IntakeQuestion> questions) =>
        JsonSerializer.Serialize(Questions, IntakeJson.Options) == JsonSerializer.Serialize(questions, IntakeJson.Options);
}

internal static class IntakeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

internal sealed class IntakeFormConfiguration : IEntityTypeConfiguration<IntakeForm>
{
    public void Configure(EntityTypeBuilder<IntakeForm> form)
    {
        form.ToTable("intake_forms");
        form.HasKey(f => f.Version);
        form.Property(f => f.Version).ValueGeneratedNever();
        form.Property(f => f.Questions)
            .HasColumnType("jsonb")
            .HasConversion(
                questions => JsonSerializer.Serialize(questions, IntakeJson.Options),
                json => JsonSerializer.Deserialize<List<IntakeQuestion>>(json, IntakeJson.Options) ?? new List<IntakeQuestion>(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<IReadOnlyList<IntakeQuestion>>(
                    (a, b) => JsonSerializer.Serialize(a, IntakeJson.Options) == JsonSerializer.Serialize(b, IntakeJson.Options),
                    q => JsonSerializer.Serialize(q, IntakeJson.Options).GetHashCode(),
                    q => q.ToList()));
    }
}
