namespace Portal.Web.Api;

public sealed record MeView(
    Guid UserId, string Role, string Email, string? Name, Guid? ClientId, string? TimeZone, string? Stage, bool DiscoveryCompleted,
    bool IntakeNeeded = false);

public sealed record SessionView(string Token, DateTimeOffset ExpiresAt, string Role, bool AccountClaimed);

public sealed record LinkAddressView(string Email, bool CreatesAccount = false);

public sealed record PasswordDoorView(bool Open);

public sealed record NotificationView(Guid Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationListView(int UnreadCount, NotificationView[] Items);

public sealed record BookingView(
    Guid Id, string SessionType, string SessionTypeName, DateTimeOffset Start, DateTimeOffset End, string Status, string TimeZone,
    DateTimeOffset? HoldExpiresAt, string? ClientName, DateTimeOffset? ClientMayChangeUntil = null, string? CheckoutUrl = null,
    string? ClientNote = null, Guid? ClientId = null, string? MeetLink = null)
{
    public bool HoldsTime => Status is "Confirmed" or "PendingPayment";
}


public sealed record UnreadMessagesView(int Count);

public sealed record SignInEventView(DateTimeOffset At, string Kind, string? Email, string? IpAddress, string? Detail);

public sealed record DeadLetterView(
    Guid Id, string Type, string Description, string Key, DateTimeOffset CreatedAt, DateTimeOffset DeadLetteredAt, int Attempts, string? LastError);
