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
        thread.Property(t => t.Subject).HasMaxLength(200);
        thread.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        thread.HasIndex(t => t.ClientId).IsUnique().HasFilter("is_welcome").HasDatabaseName("ix_message_threads_one_welcome");
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.HasKey(m => m.Id);
        message.Property(m => m.Body).HasMaxLength(Message.MaxBodyLength);
        message.HasIndex(m => new { m.ThreadId, m.SentAt });
    }
}
