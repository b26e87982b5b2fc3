using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Profile;

/// <summary>
/// A client's request to use another address, waiting for the link sent to that address. Only the token's hash is
/// kept; a newer request replaces an older one; the change is made when the link is followed, never before.
/// </summary>
public sealed class EmailChange
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private EmailChange()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public string NewEmail { get; private set; } = "";

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static (EmailChange Change, string Token) Request(Guid clientId, string newEmail, DateTimeOffset now)
    {
        var token = Identity.SecretTokens.New();
        return (new EmailChange
        {
            ClientId = clientId, NewEmail = newEmail, TokenHash = Identity.SecretTokens.HashOf(token), CreatedAt = now, ExpiresAt = now + Lifetime,
        }, token);
    }
}

internal sealed class EmailChangeConfiguration : IEntityTypeConfiguration<EmailChange>
{
    public void Configure(EntityTypeBuilder<EmailChange> change)
    {
        change.ToTable("email_changes");
        change.HasKey(c => c.Id);
        change.HasIndex(c => c.TokenHash).IsUnique();
        change.HasIndex(c => c.ClientId).IsUnique();
        change.Property(c => c.NewEmail).HasMaxLength(254);
        change.HasOne<Clients.Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
