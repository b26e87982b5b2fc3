namespace Portal.Core.Practice;

/// <summary>The practice's booking rules, one row, edited by the therapist.</summary>
public sealed class PracticeSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    /// <summary>IANA zone the working hours are written in (e.g. <c>Europe/London</c>).</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>How long before its start a session can still be booked.</summary>
    public TimeSpan MinimumNotice { get; set; } = TimeSpan.FromHours(12);

    /// <summary>No booking for later the same calendar day (practice time), whatever the notice says.</summary>
    public bool NoSameDayBookings { get; set; }

    /// <summary>How far ahead a session can be booked.</summary>
    public int BookingHorizonDays { get; set; } = 120;

    /// <summary>The longest horizon a practice may set (a check constraint holds the database to it too).</summary>
    public const int MaxBookingHorizonDays = 730;

    /// <summary>At most this many sessions on one practice-local day; null for no cap.</summary>
    public int? DailySessionCap { get; set; } = 6;

    /// <summary>Inside this time before the start, only the therapist can cancel or move a session.</summary>
    public TimeSpan CancellationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The distance between offered start times within working hours.</summary>
    public int SlotStepMinutes { get; set; } = 30;

    /// <summary>ISO 3166 region phone numbers without a country code are read in (e.g. <c>GB</c>).</summary>
    public string DefaultPhoneRegion { get; set; } = "GB";

    /// <summary>How the practice signs its emails and pages.</summary>
    public string PracticeName { get; set; } = "Quiet Harbour Therapy";

    public string TherapistName { get; set; } = "Dr Anna Whitfield";

    /// <summary>What she is and who registers her, under her name on the home page.</summary>
    public string Credentials { get; set; } = "Counselling psychologist, HCPC registered";

    /// <summary>One sentence under the practice's name: what a visitor may expect.</summary>
    public string Tagline { get; set; } = "A calm, unhurried space to make sense of what you are carrying.";

    /// <summary>How she introduces herself and her way of working on the home page.</summary>
    public string Introduction { get; set; } =
        "I work with adults facing anxiety, low mood, loss and the quieter struggles that are hard to name. " +
        "Sessions are online or in person in a quiet room in Bristol. We go at your pace.";

    /// <summary>The address visitors see on the public pages; may differ from <see cref="TherapistEmail"/>.</summary>
    public string ContactEmail { get; set; } = "hello@quietharbour.example";

    /// <summary>Where the practice's own notices go (a new booking, a cancellation); empty for none.</summary>
    public string TherapistEmail { get; set; } = "";

    /// <summary>The one accent colour of pages and emails (<see cref="PracticeColour"/>).</summary>
    public string AccentColour { get; set; } = PracticeColour.Default;

    /// <summary>The practice's standing video room, given to clients of online sessions; empty until set.</summary>
    public string VideoCallLink { get; set; } = "";

    /// <summary>The first message a new client finds in their portal.</summary>
    public string WelcomeMessage { get; set; } =
        "Welcome, and thank you for reaching out. This is a private space for the two of us: you can write to me " +
        "here between sessions, and anything I share with you will appear in your library. There is no need to " +
        "prepare anything for our first conversation.";
}
