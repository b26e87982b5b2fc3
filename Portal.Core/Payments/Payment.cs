using Portal.Core.Bookings;

namespace Portal.Core.Payments;

public enum PaymentStatus
{
    /// <summary>A Checkout Session is (or is about to be) open; nothing has been charged.</summary>
    Open,
    Paid,
    /// <summary>The Checkout Session ended without a payment.</summary>
    Abandoned,
    PartiallyRefunded,
    Refunded,
}

/// <summary>What a paid booking costs and what Stripe has said about it. Amounts in minor units (pence).</summary>
public sealed class Payment
{
    private Payment()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid BookingId { get; private set; }

    public Booking Booking { get; private set; } = null!;

    public Guid ClientId { get; private set; }

    public long AmountMinorUnits { get; private set; }

    public string Currency { get; private set; } = "";

    public PaymentStatus Status { get; private set; }

    public string? CheckoutSessionId { get; private set; }

    public string? CheckoutUrl { get; private set; }

    public string? PaymentIntentId { get; private set; }

    public long RefundedMinorUnits { get; private set; }

    /// <summary>Set when a refund is asked of Stripe, so a second cancel or click never asks twice.</summary>
    public DateTimeOffset? RefundRequestedAt { get; private set; }

    public string? RefundReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public bool IsPaid => Status is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded;

    public static Payment For(Booking booking, DateTimeOffset now) => new()
    {
        BookingId = booking.Id,
        Booking = booking,
        ClientId = booking.ClientId,
        AmountMinorUnits = booking.SessionType.PriceMinorUnits,
        Currency = booking.SessionType.Currency,
        Status = PaymentStatus.Open,
        CreatedAt = now.ToUniversalTime(),
    };

    public void Paid(string? paymentIntentId, DateTimeOffset now)
    {
        Status = PaymentStatus.Paid;
        PaymentIntentId = paymentIntentId;
        PaidAt = now.ToUniversalTime();
    }

    public void Abandoned()
    {
        if (Status == PaymentStatus.Open)
        {
            Status = PaymentStatus.Abandoned;
        }
    }

    /// <returns>False when a refund was already asked for (or nothing is left to refund).</returns>
    public bool RequestRefund(string reason, DateTimeOffset now)
    {
        if (!IsPaid || RefundRequestedAt is not null)
        {
            return false;
        }

        RefundRequestedAt = now.ToUniversalTime();
        RefundReason = reason;
        return true;
    }

    /// <summary>Stripe's running total of what was refunded (each report carries the whole amount so far).</summary>
    public void Refunded(long totalRefundedMinorUnits)
    {
        if (totalRefundedMinorUnits <= RefundedMinorUnits)
        {
            return;
        }

        RefundedMinorUnits = Math.Min(totalRefundedMinorUnits, AmountMinorUnits);
        Status = RefundedMinorUnits >= AmountMinorUnits ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
    }

    public long RefundableMinorUnits => IsPaid ? AmountMinorUnits - RefundedMinorUnits : 0;
}
