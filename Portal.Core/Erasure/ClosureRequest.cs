using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Identity;

namespace Portal.Core.Erasure;

/// <summary>
/// A client's request to close their account, waiting for the link emailed to them. Only the token's hash is kept; a
/// newer request replaces an older one; nothing is erased until the link is followed and its button pressed.
/// </summary>
public sealed class ClosureRequest
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private ClosureRequest()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static (ClosureRequest Request, string Token) For(Guid clientId, DateTimeOffset now)
    {
        var token = SecretTokens.New();
        return (new ClosureRequest { ClientId = clientId, TokenHash = SecretTokens.HashOf(token), CreatedAt = now, ExpiresAt = now + Lifetime }, token);
    }
}

internal sealed class ClosureRequestConfiguration : IEntityTypeConfiguration<ClosureRequest>
{
    public void Configure(EntityTypeBuilder<ClosureRequest> request)
    {
        request.ToTable("closure_requests");
        request.HasKey(r => r.Id);
        request.HasIndex(r => r.TokenHash).IsUnique();
        request.HasIndex(r => r.ClientId).IsUnique();
        request.HasOne<Clients.Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
