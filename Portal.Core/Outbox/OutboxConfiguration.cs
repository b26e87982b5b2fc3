using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.HasKey(m => m.Id);
        message.Property(m => m.Type).HasMaxLength(64);
        message.Property(m => m.Payload).HasColumnType("jsonb");
        message.Property(m => m.DeduplicationKey).HasMaxLength(OutboxMessage.MaxKeyLength);
        message.HasIndex(m => m.DeduplicationKey).IsUnique();
        message.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        message.Property(m => m.TraceParent).HasMaxLength(128);

        message.Property(m => m.Lane).HasMaxLength(32).HasDefaultValue(OutboxLanes.Default);

        // The dispatcher's question: what is due and still owed in its lane? Small, because done messages leave it.
        message.HasIndex(m => new { m.Lane, m.NextAttemptAt })
            .HasDatabaseName("ix_outbox_messages_due")
            .HasFilter("processed_at IS NULL AND dead_lettered_at IS NULL");
        message.HasIndex(m => m.DeadLetteredAt).HasFilter("dead_lettered_at IS NOT NULL");

        // The retention purge's question: what was sent long enough ago? The table keeps a month of sent messages.
        message.HasIndex(m => m.ProcessedAt).HasFilter("processed_at IS NOT NULL");
    }
}
