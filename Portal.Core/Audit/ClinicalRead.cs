using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Audit;

/// <summary>What of a client's clinical record was shown.</summary>
public enum ClinicalRecord
{
    Notes,
    Messages,
    IntakeAnswers,
}

/// <summary>The person a clinical record is shown to, as the audit names them.</summary>
public sealed record Reader(Guid UserId, string? IpAddress);

/// <summary>
/// One showing of a client's notes, messages or intake answers to the therapist: who, when, whose, what, from where.
/// Append-only: the application's database role may add rows and read them, never change or remove one
/// (<see cref="AppendOnly"/>).
/// </summary>
public sealed class ClinicalRead
{
    private ClinicalRead()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public DateTimeOffset At { get; private set; }

    public Guid ReaderUserId { get; private set; }

    public Guid ClientId { get; private set; }

    public ClinicalRecord Record { get; private set; }

    /// <summary>Where it was shown (the client's page, a note, Today) and how much: never the content itself.</summary>
    public string Shown { get; private set; } = "";

    public string? IpAddress { get; private set; }

    public static ClinicalRead Of(Reader reader, Guid clientId, ClinicalRecord record, string shown, DateTimeOffset at) => new()
    {
        At = at, ReaderUserId = reader.UserId, ClientId = clientId, Record = record, Shown = shown, IpAddress = reader.IpAddress,
    };
}

public static class AppendOnly
{
    /// <summary>Tables the application's role may only add to (the roles step and the migration take the rest away).</summary>
    public static readonly string[] Tables = ["clinical_reads"];
}

internal sealed class ClinicalReadConfiguration : IEntityTypeConfiguration<ClinicalRead>
{
    public void Configure(EntityTypeBuilder<ClinicalRead> read)
    {
        read.HasKey(r => r.Id);
        read.Property(r => r.Id).ValueGeneratedNever();
        read.HasIndex(r => r.At);
        read.HasIndex(r => new { r.ClientId, r.At });
        read.Property(r => r.Record).HasConversion<string>().HasMaxLength(24);
        read.Property(r => r.Shown).HasMaxLength(200);
        read.Property(r => r.IpAddress).HasMaxLength(64);
    }
}
