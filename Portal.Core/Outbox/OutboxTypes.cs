namespace Portal.Core.Outbox;

/// <summary>The kinds of side effect; each names one handler in the Worker.</summary>
public static class OutboxTypes
{
    public const string Email = "email";
    public const string Notification = "notification";
    public const string CalendarEvent = "calendar-event";
    public const string WelcomeThread = "welcome-thread";
    public const string CheckoutClose = "checkout-close";
    public const string Refund = "stripe-refund";
}
