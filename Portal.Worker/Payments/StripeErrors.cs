using System.Net;
using Stripe;

namespace Portal.Worker.Payments;

internal static class StripeErrors
{
    /// <summary>Worth trying again: Stripe or the network failed, or it asked us to slow down.</summary>
    public static bool IsTransient(StripeException exception) =>
        exception.HttpStatusCode is 0 or HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict
        || (int)exception.HttpStatusCode >= 500;

    public static TimeSpan? RetryAfter(StripeException exception) =>
        exception.StripeResponse?.Headers?.RetryAfter?.Delta;
}
