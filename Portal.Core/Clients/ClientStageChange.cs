using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Clients;

/// <summary>One move of a client between stages, kept for the client's timeline.</summary>
public sealed class ClientStageChange
{
    private ClientStageChange()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public ClientStage From { get; private set; }

    public ClientStage To { get; private set; }

    public DateTimeOffset At { get; private set; }

    internal static ClientStageChange Of(Guid clientId, ClientStage from, ClientStage to, DateTimeOffset at) =>
        new() { ClientId = clientId, From = from, To = to, At = at };
}

internal sealed class ClientStageChangeConfiguration : IEntityTypeConfiguration<ClientStageChange>
{
    public void Configure(EntityTypeBuilder<ClientStageChange> change)
    {
        change.HasKey(c => c.Id);
        // Added through the client's list: a preset key must not make EF take the row for one that exists.
        change.Property(c => c.Id).ValueGeneratedNever();
        change.HasIndex(c => new { c.ClientId, c.At });
        change.Property(c => c.From).HasConversion<string>().HasMaxLength(32);
        change.Property(c => c.To).HasConversion<string>().HasMaxLength(32);
        change.HasOne<Client>().WithMany(c => c.StageChanges).HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
