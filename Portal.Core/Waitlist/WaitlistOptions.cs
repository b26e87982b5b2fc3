namespace Portal.Core.Waitlist;

/// <summary>The <c>Waitlist</c> section of the configuration.</summary>
public sealed class WaitlistOptions
{
    public const string Section = "Waitlist";

    /// <summary>How long an offered time is held for the person it is offered to before it passes to the next in line.</summary>
    public TimeSpan OfferHold { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the Worker looks for freed times and ended offers.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Places on the waitlist one client may hold at once.</summary>
    public const int MaxEntriesPerClient = 10;

    /// <summary>The longest stretch of days one place on the waitlist may cover.</summary>
    public const int MaxDaysPerEntry = 92;
}
