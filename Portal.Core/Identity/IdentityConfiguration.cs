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
    }
}
