namespace Portal.Core.Payments;

/// <summary>A Stripe event already acted on. Its id is the key: a redelivery finds it and changes nothing.</summary>
public sealed class StripeEventRecord
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
