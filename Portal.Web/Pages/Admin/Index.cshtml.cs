using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin;

[SignedIn("Therapist")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice, TimeProvider clock) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    /// <summary>A time as the therapist reads it, in the practice's zone.</summary>
    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));

    public IReadOnlyList<BookingView> Today { get; private set; } = [];

    public IReadOnlyList<BookingView> Upcoming { get; private set; } = [];

    public IReadOnlyList<ClientListingView> NewClients { get; private set; } = [];

    public int UnreadMessages { get; private set; }

    public NotificationListView Notifications { get; private set; } = new(0, []);

    public IReadOnlyList<DeadLetterView> FailedToSend { get; private set; } = [];

    /// <summary>Sessions of the last two weeks that are over but not yet marked as attended or missed.</summary>
    public IReadOnlyList<BookingView> AwaitingAttendance { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>Each client of today's and this week's sessions: their latest signed note (each showing is audited).</summary>
    public IReadOnlyDictionary<Guid, NoteView> LastNotes { get; private set; } = new Dictionary<Guid, NoteView>();

    [TempData]
    public string? Message { get; set; }

    /// <summary>
    /// The sessions holding time on her <paramref name="today"/> and on the days after, split at her midnights: a day the
    /// clocks change is 23 or 25 hours long, and a session late on it is still today's.
    /// </summary>
    public static (IReadOnlyList<BookingView> Today, IReadOnlyList<BookingView> Upcoming) TodayAndUpcoming(
        IEnumerable<BookingView> bookings, DateOnly today, TimeZoneInfo zone)
    {
        var (startOfToday, startOfTomorrow) = (CalendarWeek.StartOf(today, zone), CalendarWeek.StartOf(today.AddDays(1), zone));
        var holding = bookings.Where(b => b.HoldsTime && b.Start >= startOfToday).ToList();
        return ([.. holding.Where(b => b.Start < startOfTomorrow)], [.. holding.Where(b => b.Start >= startOfTomorrow)]);
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        Now = clock.GetUtcNow();
        var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);
        // Independent reads: asked of the Api together, so the page waits for the slowest, not for their sum.
        var bookingsRead = api.BookingsBetweenAsync(Now.AddDays(-14), CalendarWeek.StartOf(localToday.AddDays(8), zone), cancellationToken);
        var clientsRead = api.ClientsAsync(new ClientQuery(NewestFirst: true, PageSize: 30), cancellationToken);
        var unreadRead = api.UnreadMessagesAsync(cancellationToken);
        var notificationsRead = api.NotificationsAsync(cancellationToken);
        var failedRead = api.DeadLettersAsync(cancellationToken);
        await Task.WhenAll(bookingsRead, clientsRead, unreadRead, notificationsRead, failedRead);

        var bookings = await bookingsRead;
        AwaitingAttendance = [.. bookings.Where(b => b.Status == "Confirmed" && b.Start <= Now)];
        (Today, Upcoming) = TodayAndUpcoming(bookings, localToday, zone);
        LastNotes = (await api.LatestNotesAsync(Today.Select(b => b.ClientId).OfType<Guid>(), cancellationToken)).ToDictionary(n => n.ClientId);
        NewClients = [.. (await clientsRead).Clients.Where(c => c.Stage is "Prospect" or "DiscoveryBooked").Take(10)];
        UnreadMessages = await unreadRead;
        Notifications = await notificationsRead;
        FailedToSend = await failedRead;
    }

    /// <summary>Records that the client came (an attended discovery call opens paid sessions to them) or did not.</summary>
    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, bool attended, CancellationToken cancellationToken)
    {
        var (booking, problem) = await api.RecordAttendanceAsync(id, attended, cancellationToken);
        if (booking is null)
        {
            Message = $"{problem?.Title}. {problem?.Detail}";
        }
        else if (!attended)
        {
            Message = $"Noted: {booking.ClientName} did not come to the {booking.SessionTypeName}.";
        }
        else
        {
            var discovery = (await api.GetSessionTypeAsync(booking.SessionType, cancellationToken))?.IsDiscoveryCall == true;
            Message = discovery
                ? $"Noted: {booking.ClientName} came to the discovery call. Paid sessions are now open to them."
                : $"Noted: {booking.ClientName} came to the {booking.SessionTypeName}.";
        }

        return RedirectToPage();
    }

    /// <summary>Calls a session off; her answer to "who is cancelling" decides whether a paid session is refunded.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid bookingId, TherapistCancellation kind, CancellationToken cancellationToken)
    {
        var problem = await api.CancelBookingAsync(bookingId, kind, cancellationToken);
        Message = problem is not null ? $"{problem.Title}. {problem.Detail}" : kind switch
        {
            TherapistCancellation.LateKept => "Cancelled. The payment, if any, is kept; the client has been told.",
            _ => "Cancelled. The client has been told, and a paid session is refunded in full.",
        };
        return RedirectToPage();
    }

    /// <summary>Another round of attempts for something that failed to go out.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        await api.RetryDeadLetterAsync(id, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostNotificationsReadAsync(CancellationToken cancellationToken)
    {
        await api.MarkNotificationsReadAsync(cancellationToken);
        return RedirectToPage();
    }
}
