namespace Portal.Core.Bookings;

/// <summary>The session types a new practice starts with; the therapist edits them afterwards.</summary>
public static class SessionTypeSeed
{
    public const string DiscoveryCallSlug = "discovery-call";

    public static IReadOnlyList<SessionType> Create() =>
    [
        new()
        {
            Slug = DiscoveryCallSlug,
            Name = "Free discovery call",
            Description = "A relaxed 20-minute video call to talk about what brings you here, ask any questions, "
                + "and see whether we feel like a good fit. No preparation and no commitment.",
            Duration = TimeSpan.FromMinutes(20),
            PriceMinorUnits = 0,
            Currency = "GBP",
            Mode = SessionMode.Virtual,
            BufferAfter = TimeSpan.FromMinutes(10),
            IsDiscoveryCall = true,
            DisplayOrder = 0,
        },
        new()
        {
            Slug = "online-session",
            Name = "Therapy session (online)",
            Description = "A 50-minute one-to-one session by video, from wherever you feel comfortable.",
            Duration = TimeSpan.FromMinutes(50),
            PriceMinorUnits = 7500,
            Currency = "GBP",
            Mode = SessionMode.Virtual,
            BufferAfter = TimeSpan.FromMinutes(10),
            RequiresCompletedDiscovery = true,
            DisplayOrder = 1,
        },
        new()
        {
            Slug = "in-person-session",
            Name = "Therapy session (in person)",
            Description = "A 50-minute one-to-one session in the quiet of the practice room.",
            Duration = TimeSpan.FromMinutes(50),
            PriceMinorUnits = 8500,
            Currency = "GBP",
            Mode = SessionMode.InPerson,
            BufferBefore = TimeSpan.FromMinutes(5),
            BufferAfter = TimeSpan.FromMinutes(10),
            RequiresCompletedDiscovery = true,
            DisplayOrder = 2,
        },
    ];
}
