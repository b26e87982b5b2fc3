using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Clients;
using Portal.Core.Identity;

namespace Portal.Core.Newsletter;

public enum SubscriberStatus
{
    /// <summary>Asked to join; nothing is sent but the confirmation email until its link is followed.</summary>
    Pending,
    Subscribed,
    Unsubscribed,
}

/// <summary>An address on the practice's newsletter list, with where it stands. Found by its email key (one per address).</summary>
public sealed class Subscriber
{
    private Subscriber()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string Email { get; private set; } = "";

    /// <summary>Trimmed and lower-cased: the same address typed twice is one subscriber.</summary>
    public string EmailKey { get; private set; } = "";

    public string Name { get; private set; } = "";

    public SubscriberStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the address last asked to join (a confirmation email went out then).</summary>
    public DateTimeOffset? RequestedAt { get; private set; }

    public DateTimeOffset? SubscribedAt { get; private set; }

    public DateTimeOffset? UnsubscribedAt { get; private set; }

    /// <summary>SHA-256 of the confirmation link's token; only the newest link works, once.</summary>
    public byte[]? ConfirmationHash { get; private set; }

    public DateTimeOffset? ConfirmationExpiresAt { get; private set; }

    public static Subscriber For(string email, string? name, DateTimeOffset now) => new()
    {
        Email = email.Trim(),
        EmailKey = ContactDetails.EmailKeyOf(email),
        Name = name?.Trim() ?? "",
        Status = SubscriberStatus.Unsubscribed,
        CreatedAt = now,
    };

    /// <returns>The confirmation link's token (only its hash is kept).</returns>
    public string AskToConfirm(DateTimeOffset now, TimeSpan lifetime)
    {
        var token = SecretTokens.New();
        Status = SubscriberStatus.Pending;
        RequestedAt = now;
        ConfirmationHash = SecretTokens.HashOf(token);
        ConfirmationExpiresAt = now + lifetime;
        return token;
    }

    public bool Confirms(string token, DateTimeOffset now) =>
        Status == SubscriberStatus.Pending && ConfirmationHash is { } hash && ConfirmationExpiresAt > now
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(hash, SecretTokens.HashOf(token));

    public void Subscribe(DateTimeOffset now)
    {
        Status = SubscriberStatus.Subscribed;
        SubscribedAt = now;
        UnsubscribedAt = null;
        ConfirmationHash = null;
        ConfirmationExpiresAt = null;
    }

    public void Unsubscribe(DateTimeOffset now)
    {
        Status = SubscriberStatus.Unsubscribed;
        UnsubscribedAt = now;
        ConfirmationHash = null;
        ConfirmationExpiresAt = null;
    }

    /// <summary>The client behind it proved a new address: the subscription, and its consent history, go with them.</summary>
    public void MoveTo(string email)
    {
        Email = email.Trim();
        EmailKey = ContactDetails.EmailKeyOf(email);
    }

    public void Rename(string? name)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            Name = name.Trim();
        }
    }

    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 120;
}

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> subscriber)
    {
        subscriber.ToTable("newsletter_subscribers");
        subscriber.HasKey(s => s.Id);
        subscriber.Property(s => s.Email).HasMaxLength(Subscriber.MaxEmailLength);
        subscriber.Property(s => s.EmailKey).HasMaxLength(Subscriber.MaxEmailLength);
        subscriber.HasIndex(s => s.EmailKey).IsUnique();
        subscriber.Property(s => s.Name).HasMaxLength(Subscriber.MaxNameLength);
        subscriber.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        subscriber.HasIndex(s => s.Status);
        subscriber.HasIndex(s => s.ConfirmationHash).HasFilter("confirmation_hash IS NOT NULL");
    }
}
