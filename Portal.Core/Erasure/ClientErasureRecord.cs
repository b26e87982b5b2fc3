using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Erasure;

/// <summary>
/// That a client was erased: when, by whom (the client through their link, or the therapist), what it cancelled. Names
/// them only by their pseudonym, so it can stay after the retained records are gone: the practice can show it erased.
/// </summary>
public sealed class ClientErasureRecord
{
    private ClientErasureRecord()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public string Pseudonym { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    /// <summary>The therapist's account when she erased them; null when the client closed their own account.</summary>
    public Guid? ByTherapistUserId { get; private set; }

    /// <summary>The therapist's address at the time (the client's is never kept).</summary>
    public string? IpAddress { get; private set; }

    public int SessionsCancelled { get; private set; }

    public int RefundsRequested { get; private set; }

    /// <summary>When the records kept by law go; null when nothing was kept.</summary>
    public DateTimeOffset? RecordsKeptUntil { get; private set; }

    public static ClientErasureRecord Of(Guid clientId, string pseudonym, ErasureRequester by, ErasureOutcome outcome, DateTimeOffset at) => new()
    {
        ClientId = clientId, Pseudonym = pseudonym, At = at, ByTherapistUserId = by.TherapistUserId, IpAddress = by.TherapistUserId is null ? null : by.IpAddress,
        SessionsCancelled = outcome.SessionsCancelled, RefundsRequested = outcome.RefundsRequested, RecordsKeptUntil = outcome.RecordsKeptUntil,
    };
}

internal sealed class ClientErasureRecordConfiguration : IEntityTypeConfiguration<ClientErasureRecord>
{
    public void Configure(EntityTypeBuilder<ClientErasureRecord> record)
    {
        record.ToTable("client_erasures");
        record.HasKey(r => r.Id);
        record.HasIndex(r => r.At);
        record.HasIndex(r => r.ClientId);
        record.Property(r => r.Pseudonym).HasMaxLength(40);
        record.Property(r => r.IpAddress).HasMaxLength(64);
    }
}
