using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Clients;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> client)
    {
        client.HasKey(c => c.Id);
        client.HasIndex(c => c.EmailKey).IsUnique();
        client.HasIndex(c => c.Stage);
        client.Property(c => c.Name).HasMaxLength(120);
        client.Property(c => c.Email).HasMaxLength(254);
        client.Property(c => c.EmailKey).HasMaxLength(254);
        client.Property(c => c.Phone).HasMaxLength(20);
        client.Property(c => c.TimeZone).HasMaxLength(64);
        client.Property(c => c.Stage).HasConversion<string>().HasMaxLength(24);
        client.Property(c => c.RemindersByEmail).HasDefaultValue(true).HasSentinel(true);
        client.Property(c => c.MessageNoticesByEmail).HasDefaultValue(true).HasSentinel(true);
    }
}
