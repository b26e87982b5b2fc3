using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Newsletter;

/// <summary>
/// A delivery event Resend reported (through its Svix-signed webhook), kept by its <c>svix-id</c>: a redelivery finds it
/// and changes nothing. The counts of an issue's history are counted from these.
/// </summary>
public sealed class DeliveryEvent
{
    public required string SvixId { get; init; }

    /// <summary>Resend's event type, e.g. <c>email.bounced</c>.</summary>
    public required string Type { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Resend's id of the email the event is about.</summary>
    public string? EmailId { get; init; }

    /// <summary>The newsletter issue the email belonged to (its <c>issue</c> tag), when it was a newsletter.</summary>
    public Guid? IssueId { get; init; }

    public const int MaxIdLength = 100;
}

internal sealed class DeliveryEventConfiguration : IEntityTypeConfiguration<DeliveryEvent>
{
    public void Configure(EntityTypeBuilder<DeliveryEvent> delivery)
    {
        delivery.ToTable("newsletter_delivery_events");
        delivery.HasKey(e => e.SvixId);
        delivery.Property(e => e.SvixId).HasMaxLength(DeliveryEvent.MaxIdLength);
        delivery.Property(e => e.Type).HasMaxLength(40);
        delivery.Property(e => e.EmailId).HasMaxLength(DeliveryEvent.MaxIdLength);
        delivery.HasIndex(e => new { e.IssueId, e.Type }).HasFilter("issue_id IS NOT NULL");
    }
}
