namespace Portal.Core.Outbox;

/// <summary>The kinds of side effect; each names one handler in the Worker.</summary>
public static class OutboxTypes
{
    public const string Email = "email";
    public const string Notification = "notification";
    public const string CalendarEvent = "calendar-event";
    public const string WelcomeThread = "welcome-thread";
    public const string CheckoutClose = "checkout-close";
    public const string UnreadMessageCheck = "unread-message-check";
    public const string Refund = "stripe-refund";
    public const string DataExport = "data-export";
    public const string NewsletterFanOut = "newsletter-fan-out";
    public const string NewsletterEmail = "newsletter-email";
    public const string NewsletterTest = "newsletter-test";
    public const string CrmPerson = "crm-person";
    public const string CrmBookingNote = "crm-booking-note";
    public const string CrmPersonErasure = "crm-person-erasure";
}

/// <summary>The Worker's queues: each has its own dispatchers, so a slow provider in one never delays the other.</summary>
public static class OutboxLanes
{
    public const string Default = "default";

    /// <summary>Sign-in links: someone is waiting at the sign-in page for them.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Newsletters, one message per recipient, throttled: a thousand of them never hold back a booking's email.</summary>
    public const string Newsletter = "newsletter";

    public static readonly string[] All = [Default, SignIn, Newsletter];
}
