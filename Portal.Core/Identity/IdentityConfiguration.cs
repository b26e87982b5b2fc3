using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Clients;

namespace Portal.Core.Identity;

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> user)
    {
        user.HasKey(u => u.Id);
        user.HasIndex(u => u.EmailKey).IsUnique();
        user.HasIndex(u => u.ClientId).IsUnique();
        user.HasOne<Client>().WithMany().HasForeignKey(u => u.ClientId).OnDelete(DeleteBehavior.Restrict);
        user.Property(u => u.EmailKey).HasMaxLength(254);
        user.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.HasKey(s => s.Id);
        session.HasIndex(s => s.TokenHash).IsUnique();
        session.HasIndex(s => s.UserId);
        session.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        session.Property(s => s.RevokedBecause).HasMaxLength(40);
    }
}

internal sealed class MagicLinkConfiguration : IEntityTypeConfiguration<MagicLink>
{
    public void Configure(EntityTypeBuilder<MagicLink> link)
    {
        link.HasKey(l => l.Id);
        link.HasIndex(l => l.TokenHash).IsUnique();
        link.HasIndex(l => new { l.EmailKey, l.Purpose });
        link.Property(l => l.EmailKey).HasMaxLength(254);
        link.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class SignInEventConfiguration : IEntityTypeConfiguration<SignInEvent>
{
    public void Configure(EntityTypeBuilder<SignInEvent> audit)
    {
        audit.HasKey(e => e.Id);
        audit.HasIndex(e => e.At);
        audit.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        audit.Property(e => e.EmailKey).HasMaxLength(254);
        audit.Property(e => e.IpAddress).HasMaxLength(64);
        audit.Property(e => e.Detail).HasMaxLength(200);
    }
}
