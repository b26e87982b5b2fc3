using System.Text.Json;

namespace Portal.Web.Api;

/// <summary>Free start times as the Api gives them (<c>GET /api/slots</c>).</summary>
public sealed record SlotsView(string SessionType, string TimeZone, SlotDayView[] Days);

public sealed record SlotDayView(string Date, DateTimeOffset[] Starts);

/// <summary>What the visitor typed on the details form, sent on to <c>POST /api/bookings</c>.</summary>
public sealed record BookingForm(
    string SessionType, DateTimeOffset Start, string Name, string Email, string Phone, string TimeZone, string? Note, bool PrivacyConsent,
    bool NewsletterConsent = false);

/// <param name="ClientName">For a guest: the name they typed.</param>
public sealed record BookedView(
    Guid Id, string SessionType, string SessionTypeName, DateTimeOffset Start, DateTimeOffset End, string Status, string TimeZone,
    string? CheckoutUrl = null, string? ClientName = null);

/// <summary>A paid session's booking as the client sends it: who they are, the Api knows from their session.</summary>
public sealed record PaidBookingForm(string SessionType, DateTimeOffset Start, string TimeZone);

/// <summary>A payment, for the therapist (<c>GET /api/payments</c>).</summary>
public sealed record PaymentView(
    Guid Id, Guid BookingId, Guid ClientId, string ClientName, string SessionTypeName, DateTimeOffset SessionStart,
    long AmountMinorUnits, long RefundedMinorUnits, string Currency, string AmountText, string Status, DateTimeOffset? PaidAt,
    DateTimeOffset? RefundRequestedAt, string? RefundReason)
{
    public bool Refundable => Status is "Paid" or "PartiallyRefunded" && RefundRequestedAt is null;
}

/// <summary>A refusal from the Api: its ProblemDetails, read for what the page needs.</summary>
public sealed record ApiProblem(int Status, string? Code, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var errors = problem.TryGetProperty("errors", out var e)
                ? e.Deserialize<Dictionary<string, string[]>>() ?? []
                : [];
            return new ApiProblem(
                status,
                problem.TryGetProperty("code", out var code) ? code.GetString() : null,
                problem.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "",
                problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
                errors);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, null, "Something went wrong", null, new Dictionary<string, string[]>());
        }
    }
}

/// <summary>Either the booking or the reason it was refused.</summary>
public sealed record BookingResult(BookedView? Booked, ApiProblem? Problem);

/// <summary>Who is calling a session off, as the therapist tells it: it decides whether a paid session is refunded.</summary>
public enum TherapistCancellation
{
    /// <summary>She cancels, or the client asked in time: refunded in full.</summary>
    InTime,

    /// <summary>The client cancelled too late: the payment is kept.</summary>
    LateKept,

    /// <summary>The client cancelled too late, and she refunds anyway.</summary>
    LateRefunded,
}
