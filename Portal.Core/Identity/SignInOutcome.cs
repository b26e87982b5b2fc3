namespace Portal.Core.Identity;

public abstract record SignInOutcome
{
    /// <param name="Token">The session token: handed to the caller once, never stored.</param>
    public sealed record SignedIn(string Token, DateTimeOffset ExpiresAt, Role Role, bool Claimed) : SignInOutcome;

    /// <param name="Reason">unknown, used, superseded, expired, wrong-password: for the audit, not for the caller.</param>
    public sealed record Refused(string Reason) : SignInOutcome;
}
