namespace Portal.Core.Identity;

public enum SignInEventKind
{
    LinkRequested,
    LinkRequestedForUnknownAddress,
    SignedIn,
    AccountClaimed,
    LinkRefused,
    PasswordSignIn,
    PasswordRefused,
    SignedOut,
    SignedOutEverywhere,
}

/// <summary>One line of the sign-in audit the therapist reads: what happened, to which address, from where.</summary>
public sealed class SignInEvent
{
    private SignInEvent()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public DateTimeOffset At { get; private set; }

    public SignInEventKind Kind { get; private set; }

    public string? EmailKey { get; private set; }

    public Guid? UserId { get; private set; }

    public string? IpAddress { get; private set; }

    /// <summary>For a refusal: why (expired, used, superseded, unknown).</summary>
    public string? Detail { get; private set; }

    public static SignInEvent Of(SignInEventKind kind, DateTimeOffset at, string? ipAddress, string? emailKey = null, Guid? userId = null, string? detail = null) =>
        new() { Kind = kind, At = at, IpAddress = ipAddress, EmailKey = emailKey, UserId = userId, Detail = detail };
}
