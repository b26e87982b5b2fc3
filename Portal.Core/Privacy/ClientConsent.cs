using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Privacy;

public enum ConsentKind
{
    /// <summary>Agreed that their details are kept and used as the privacy notice says.</summary>
    PrivacyNotice,
}

/// <summary>A consent a client gave, kept as given: what, to which version of the words, when and where.</summary>
public sealed class ClientConsent
{
    private ClientConsent()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid ClientId { get; private set; }

    public ConsentKind Kind { get; private set; }

    public string Version { get; private set; } = "";

    public DateTimeOffset GivenAt { get; private set; }

    /// <summary>Where it was given, e.g. "booking form".</summary>
    public string Source { get; private set; } = "";

    public static ClientConsent ToPrivacyNotice(Guid clientId, string version, DateTimeOffset givenAt, string source) => new()
    {
        ClientId = clientId,
        Kind = ConsentKind.PrivacyNotice,
        Version = version,
        GivenAt = givenAt.ToUniversalTime(),
        Source = source,
    };
}

internal sealed class ClientConsentConfiguration : IEntityTypeConfiguration<ClientConsent>
{
    public void Configure(EntityTypeBuilder<ClientConsent> consent)
    {
        consent.HasKey(c => c.Id);
        consent.HasOne<Clients.Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
        consent.HasIndex(c => new { c.ClientId, c.Kind, c.GivenAt });
        consent.Property(c => c.Kind).HasConversion<string>().HasMaxLength(24);
        consent.Property(c => c.Version).HasMaxLength(40);
        consent.Property(c => c.Source).HasMaxLength(40);
    }
}
