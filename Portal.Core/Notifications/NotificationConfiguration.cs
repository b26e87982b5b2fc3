using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Clients;

namespace Portal.Core.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.HasKey(n => n.Id);
        notification.Property(n => n.Audience).HasConversion<string>().HasMaxLength(20);
        notification.HasOne<Client>().WithMany().HasForeignKey(n => n.ClientId).OnDelete(DeleteBehavior.Cascade);
        notification.Property(n => n.Title).HasMaxLength(200);
        notification.Property(n => n.Body).HasMaxLength(1000);
        notification.Property(n => n.Link).HasMaxLength(500);
        notification.Property(n => n.SourceKey).HasMaxLength(200);
        notification.HasIndex(n => n.SourceKey).IsUnique();
        notification.HasIndex(n => new { n.Audience, n.ClientId, n.CreatedAt });
        notification.ToTable(t => t.HasCheckConstraint(
            "ck_notifications_audience", "(audience = 'Client') = (client_id IS NOT NULL)"));
    }
}
