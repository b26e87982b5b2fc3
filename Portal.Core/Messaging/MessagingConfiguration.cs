using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Clients;

namespace Portal.Core.Messaging;

internal sealed class MessageThreadConfiguration : IEntityTypeConfiguration<MessageThread>
{
    public void Configure(EntityTypeBuilder<MessageThread> thread)
    {
        thread.HasKey(t => t.Id);
        thread.HasOne<Client>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Cascade);
        thread.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        thread.HasIndex(t => t.ClientId).IsUnique().HasFilter("is_welcome").HasDatabaseName("ix_message_threads_one_welcome");
        thread.HasIndex(t => new { t.ClientId, t.LastMessageAt });
        thread.HasIndex(t => t.LastMessageAt);
        thread.Ignore(t => t.SealingPlace);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.HasKey(m => m.Id);
        message.HasIndex(m => new { m.ThreadId, m.SentAt });
        // What waits unread is counted on every page of the portal.
        message.HasIndex(m => new { m.ThreadId, m.FromTherapist }).HasFilter("read_at IS NULL").HasDatabaseName("ix_messages_unread");
        message.Ignore(m => m.SealingPlace);
    }
}
