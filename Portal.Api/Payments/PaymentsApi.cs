using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portal.Api.Identity;
using Portal.Core.Data;
using Portal.Core.Payments;

namespace Portal.Api.Payments;

/// <summary>For the therapist: what each client has paid, and refunds.</summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("api/payments").WithTags("Payments").RequireAuthorization(Policies.Therapist);
        payments.MapGet("/", List)
            .WithName("ListPayments")
            .WithSummary("Payments, newest first; for one client with ?clientId=.");
        payments.MapPost("/{id:guid}/refund", Refund)
            .WithName("RefundPayment")
            .WithSummary("Refunds what is left of a payment through Stripe (once; the Worker does it).");
        return app;
    }

    public static async Task<Ok<PaymentResponse[]>> List(Guid? clientId, PortalDb db, CancellationToken cancellationToken)
    {
        var query = db.Payments.AsNoTracking().Where(p => p.Status != PaymentStatus.Open && p.Status != PaymentStatus.Abandoned);
        if (clientId is { } id)
        {
            query = query.Where(p => p.ClientId == id);
        }

        var payments = await query.WithBooking()
            .OrderByDescending(p => p.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(payments.Select(PaymentResponse.From).ToArray());
    }

    public static async Task<Results<Accepted<PaymentResponse>, NotFound, ProblemHttpResult>> Refund(
        Guid id, PortalDb db, PaymentLedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.WithBooking()
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (payment is null)
        {
            return TypedResults.NotFound();
        }

        if (!ledger.RequestRefund(payment, "Refunded by the therapist", clock.GetUtcNow()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to refund",
                detail: payment.RefundRequestedAt is not null
                    ? "A refund of this payment has already been asked of Stripe."
                    : $"This payment is {payment.Status.ToString().ToLowerInvariant()}.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, PaymentResponse.From(payment));
    }

    /// <summary>What <see cref="PaymentResponse"/> reads of a payment's booking: its client and session type.</summary>
    private static IQueryable<Payment> WithBooking(this IQueryable<Payment> payments) =>
        payments.Include(p => p.Booking).ThenInclude(b => b.Client).Include(p => p.Booking).ThenInclude(b => b.SessionType);
}

public sealed record PaymentResponse(
    Guid Id,
    Guid BookingId,
    Guid ClientId,
    string ClientName,
    string SessionTypeName,
    DateTimeOffset SessionStart,
    long AmountMinorUnits,
    long RefundedMinorUnits,
    string Currency,
    string AmountText,
    string Status,
    DateTimeOffset? PaidAt,
    DateTimeOffset? RefundRequestedAt,
    string? RefundReason)
{
    public static PaymentResponse From(Payment payment) => new(
        payment.Id, payment.BookingId, payment.ClientId, payment.Booking.Client.Name, payment.Booking.SessionType.Name,
        payment.Booking.StartsAt, payment.AmountMinorUnits, payment.RefundedMinorUnits, payment.Currency,
        Money.Format(payment.AmountMinorUnits, payment.Currency), payment.Status.ToString(), payment.PaidAt,
        payment.RefundRequestedAt, payment.RefundReason);
}
