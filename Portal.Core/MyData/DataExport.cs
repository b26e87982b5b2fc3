using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.MyData;

/// <summary>
/// A client's copy of everything the practice holds about them (GDPR articles 15 and 20): asked for on /me/data,
/// gathered by the Worker, downloadable while signed in for <see cref="Lifetime"/>, then deleted. The records are
/// sealed at rest (they hold messages and intake answers); the shared files are read from the library when downloaded.
/// </summary>
public sealed class DataExport
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Not gathered by then (its outbox message dead-lettered): the client may ask again, and the row is purged.</summary>
    public static readonly TimeSpan GatheringLimit = TimeSpan.FromHours(1);

    private DataExport()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public DateTimeOffset? ReadyAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The export's files (name to content), as JSON, sealed (<see cref="SealingPlace"/>); null until ready.</summary>
    public byte[]? SealedRecords { get; private set; }

    public string SealingPlace => $"data-export:{Id:N}";

    public bool IsReady => ReadyAt is not null;

    public static DataExport Request(Guid clientId, DateTimeOffset now) => new() { ClientId = clientId, RequestedAt = now };

    public void Ready(byte[] sealedRecords, DateTimeOffset now)
    {
        SealedRecords = sealedRecords;
        ReadyAt = now;
        ExpiresAt = now + Lifetime;
    }
}

internal sealed class DataExportConfiguration : IEntityTypeConfiguration<DataExport>
{
    public void Configure(EntityTypeBuilder<DataExport> export)
    {
        export.ToTable("data_exports");
        export.HasKey(e => e.Id);
        export.Property(e => e.Id).ValueGeneratedNever();
        export.HasIndex(e => new { e.ClientId, e.RequestedAt });
        export.HasIndex(e => e.ExpiresAt);
        export.HasOne<Clients.Client>().WithMany().HasForeignKey(e => e.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The outbox payload that has the Worker gather an export.</summary>
public sealed record DataExportRequest(Guid ExportId);
