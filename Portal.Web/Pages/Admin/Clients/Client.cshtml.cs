using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Clients;

/// <summary>A client's page: who they are, what she can decide about them, and their timeline.</summary>
[SignedIn("Therapist")]
public sealed class ClientModel(PortalApiClient api, PracticeProfiles practice, TimeProvider clock) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    public TimelineView Story { get; private set; } = null!;

    public ClientView Client => Story.Client;

    public DateTimeOffset Now { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var story = await api.TimelineAsync(id, cancellationToken);
        if (story is null)
        {
            return NotFound();
        }

        Story = story;
        Now = clock.GetUtcNow();
        return Page();
    }

    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));

    public string When(DateTimeOffset time) => VisitorTime.Full(Local(time), TimeZone);

    /// <summary>The sessions a new note may be about: those that took place or are today, newest first.</summary>
    public IEnumerable<BookingView> NoteableSessions =>
        Story.Entries.Select(e => e.Session).OfType<BookingView>().Where(s => s.Status is "Completed" or "Confirmed" or "NoShow" && s.Start <= Now.AddHours(12));

    public static string Amount(long minorUnits, string currency) =>
        string.Create(CultureInfo.GetCultureInfo("en-GB"), $"{currency.ToUpperInvariant()} {minorUnits / 100m:0.00}");

    public async Task<IActionResult> OnPostDecideAsync(Guid id, string decision, CancellationToken cancellationToken)
    {
        var said = decision switch
        {
            "discovery-completed" => "Noted: the discovery call is done. Paid sessions are now open to them.",
            "another-discovery-call" => "They may book one more free discovery call.",
            "inactive" => "Set to inactive. They can still read what is theirs.",
            "active" => "Active again.",
            _ => null,
        };
        if (said is null)
        {
            return BadRequest();
        }

        var problem = await api.DecideAboutClientAsync(id, decision, cancellationToken);
        Message = problem is null ? said : $"{problem.Title}. {problem.Detail}";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostIntakeWaiverAsync(Guid id, bool waived, CancellationToken cancellationToken)
    {
        var problem = await api.WaiveIntakeAsync(id, waived, cancellationToken);
        Message = problem is not null ? $"{problem.Title}. {problem.Detail}"
            : waived ? "They may book ongoing sessions without the intake form." : "They are asked for the intake form again.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostStartNoteAsync(Guid id, string structure, Guid? bookingId, CancellationToken cancellationToken)
    {
        var (note, problem) = await api.StartNoteAsync(id, structure == "Soap" ? "Soap" : "Free", bookingId, new NoteWords(null, null, null, null, null), cancellationToken);
        if (note is null)
        {
            Message = $"{problem!.Title}. {problem.Detail}";
            return RedirectToPage(new { id });
        }

        return RedirectToPage("Note", new { id, noteId = note.Id });
    }

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, Guid bookingId, bool attended, CancellationToken cancellationToken)
    {
        var (_, problem) = await api.RecordAttendanceAsync(bookingId, attended, cancellationToken);
        Message = problem is not null ? $"{problem.Title}. {problem.Detail}" : attended ? "Noted: they came." : "Noted: they did not come.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, Guid bookingId, TherapistCancellation kind, CancellationToken cancellationToken)
    {
        var problem = await api.CancelBookingAsync(bookingId, kind, cancellationToken);
        Message = problem is not null ? $"{problem.Title}. {problem.Detail}" : "Cancelled. The client has been told.";
        return RedirectToPage(new { id });
    }

    /// <summary>Moves a session on the client's behalf to a practice-local date and time.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, Guid bookingId, DateTime? newStart, CancellationToken cancellationToken)
    {
        if (newStart is not { } local)
        {
            Message = "Choose the new date and time.";
            return RedirectToPage(new { id });
        }

        var start = CalendarWeek.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        var problem = await api.RescheduleBookingAsync(bookingId, start, cancellationToken);
        Message = problem is not null ? $"{problem.Title}. {problem.Detail}" : $"Moved to {When(start)}. The client has been told.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRefundAsync(Guid id, Guid paymentId, CancellationToken cancellationToken)
    {
        var problem = await api.RefundPaymentAsync(paymentId, cancellationToken);
        Message = problem is not null ? $"{problem.Title}. {problem.Detail}" : "The refund is on its way through Stripe.";
        return RedirectToPage(new { id });
    }
}
