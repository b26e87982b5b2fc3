using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Intake;

/// <summary>
/// A client's answers to the intake form: saved as they go, then submitted once. The answers are sealed at rest, as
/// messages are; only the client (their own) and the therapist (audited) ever see them opened.
/// </summary>
public sealed class IntakeResponse
{
    private IntakeResponse()
    {
    }

    public Guid ClientId { get; private set; }

    /// <summary>The version of the form the answers were given to.</summary>
    public int FormVersion { get; private set; }

    public byte[] SealedAnswers { get; private set; } = [];

    public DateTimeOffset SavedAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public bool IsSubmitted => SubmittedAt is not null;

    public string SealingPlace => $"intake-answers:{ClientId}";

    public static IntakeResponse Start(Guid clientId) => new() { ClientId = clientId };

    public void Save(int formVersion, byte[] sealedAnswers, DateTimeOffset now)
    {
        FormVersion = formVersion;
        SealedAnswers = sealedAnswers;
        SavedAt = now;
    }

    public void Submit(DateTimeOffset now) => SubmittedAt ??= now;
}

internal sealed class IntakeResponseConfiguration : IEntityTypeConfiguration<IntakeResponse>
{
    public void Configure(EntityTypeBuilder<IntakeResponse> response)
    {
        response.ToTable("intake_responses");
        response.HasKey(r => r.ClientId);
        response.HasOne<Clients.Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
        response.HasOne<IntakeForm>().WithMany().HasForeignKey(r => r.FormVersion).OnDelete(DeleteBehavior.Restrict);
    }
}
