namespace Portal.Core.Identity;

/// <summary>Section <c>Identity</c>.</summary>
public sealed class IdentitySettings
{
    /// <summary>The therapist's sign-in address; her account is created from it at first start.</summary>
    public string? TherapistEmail { get; set; }

    public TimeSpan ClientSessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Shorter: the therapist's session opens clinical notes.</summary>
    public TimeSpan TherapistSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan TherapistIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Every answer to a sign-in link request takes at least this long, so its timing cannot tell a known address
    /// (a link and an email written) from an unknown one (an audit row). Well above the known path's p95.
    /// </summary>
    public TimeSpan LinkRequestAnswerTime { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A guest's booking that reached the calendar answers no sooner than this, so its timing cannot tell an address
    /// the practice knows (a held booking, one email) from a new one (a client, a booking, its announcements).
    /// </summary>
    public TimeSpan GuestBookingAnswerTime { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A claim link travels in the booking confirmation, read whenever the client gets to it.</summary>
    public TimeSpan ClaimLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The password any account signs in with through the developer's password door.</summary>
    public string DevelopmentPassword { get; set; } = "portal-dev";

    /// <summary>
    /// The developer's password door (<c>Identity:PasswordDoor:Enabled</c>): shut unless a developer opens it, and even
    /// then only in Development and only for requests from this machine.
    /// </summary>
    public PasswordDoorSettings PasswordDoor { get; set; } = new();
}

public sealed class PasswordDoorSettings
{
    public bool Enabled { get; set; }
}
