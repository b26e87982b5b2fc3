using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Newsletter;

public enum SuppressionReason
{
    /// <summary>The receiving server said the address does not exist (a permanent bounce).</summary>
    HardBounce,

    /// <summary>The reader marked an email as spam.</summary>
    Complaint,
}

/// <summary>An address no newsletter goes to again, whatever its subscription says: sending on would hurt the practice's sender reputation.</summary>
public sealed class SuppressedAddress
{
    public required string EmailKey { get; init; }

    public required SuppressionReason Reason { get; init; }

    public DateTimeOffset At { get; init; }
}

internal sealed class SuppressedAddressConfiguration : IEntityTypeConfiguration<SuppressedAddress>
{
    public void Configure(EntityTypeBuilder<SuppressedAddress> suppressed)
    {
        suppressed.ToTable("newsletter_suppressions");
        suppressed.HasKey(s => s.EmailKey);
        suppressed.Property(s => s.EmailKey).HasMaxLength(Subscriber.MaxEmailLength);
        suppressed.Property(s => s.Reason).HasConversion<string>().HasMaxLength(16);
    }
}
