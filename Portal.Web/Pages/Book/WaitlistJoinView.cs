using Portal.Web.Api;

namespace Portal.Web.Pages.Book;

/// <summary>What the waitlist form shows: on the slot picker (folded away) and on its own page (with any errors).</summary>
/// <param name="Open">Shown unfolded: on its own page, or back with errors.</param>
public sealed record WaitlistJoinView(SessionTypeView Type, string TimeZone, DateOnly From, DateOnly To, string[] Parts, bool Open)
{
    /// <summary>The stretch offered at first: the week shown and the three after it.</summary>
    public const int DaysOffered = 28;

    public static readonly (string Value, string Label)[] PartsOfDay =
    [
        ("morning", "Mornings (before 12:00)"),
        ("afternoon", "Afternoons (12:00 to 17:00)"),
        ("evening", "Evenings (from 17:00)"),
    ];

    /// <summary>For the slot picker: the week shown onwards, only to a signed-in client who may book the type.</summary>
    public static WaitlistJoinView For(SlotsModel slots) =>
        new(slots.SessionType, slots.TimeZone, slots.WeekStart, slots.WeekStart.AddDays(DaysOffered - 1), [], Open: false);
}
