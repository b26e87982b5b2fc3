using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me;

[SignedIn("Client")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice, TimeProvider clock) : PageModel
{
    public MeView Me { get; private set; } = null!;

    public PracticeProfile Practice => practice.Value;

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<BookingView> Upcoming { get; private set; } = [];

    public IReadOnlyList<BookingView> Past { get; private set; } = [];

    /// <summary>Sessions that were to come and were cancelled (or whose payment hold ran out).</summary>
    public IReadOnlyList<BookingView> CalledOff { get; private set; } = [];

    /// <summary>A booking's status as the client would say it.</summary>
    public static string StatusWords(string status) => status switch
    {
        "Completed" => "took place",
        "NoShow" => "missed",
        "Cancelled" => "cancelled",
        "Expired" => "not paid in time",
        "Confirmed" => "booked",
        "PendingPayment" => "waiting for payment",
        _ => status.ToLowerInvariant(),
    };

    public NotificationListView Notifications { get; private set; } = new(0, []);

    public int UnreadMessages { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Me = SignedInAttribute.Me(HttpContext);
        var now = Now = clock.GetUtcNow();
        var bookingsRead = api.MyBookingsAsync(cancellationToken);
        var notificationsRead = api.NotificationsAsync(cancellationToken);
        var unreadRead = api.UnreadMessagesAsync(cancellationToken);
        await Task.WhenAll(bookingsRead, notificationsRead, unreadRead);

        var bookings = await bookingsRead;
        Upcoming = [.. bookings.Where(b => b.HoldsTime && b.End > now)];
        Past = [.. bookings.Where(b => b.Start <= now && !(b.HoldsTime && b.End > now)).OrderByDescending(b => b.Start)];
        // A future session called off is neither coming nor past.
        CalledOff = [.. bookings.Where(b => b.Start > now && !b.HoldsTime).OrderBy(b => b.Start)];
        Notifications = await notificationsRead;
        UnreadMessages = await unreadRead;
    }

    public async Task<IActionResult> OnPostTimeZoneAsync(string timeZone, CancellationToken cancellationToken)
    {
        var problem = await api.ChangeTimeZoneAsync(timeZone, cancellationToken);
        Message = problem is null ? $"Times are now shown in {VisitorTime.ZoneName(timeZone)}." : problem.Detail ?? "Please choose a time zone from the list.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostNotificationsReadAsync(CancellationToken cancellationToken)
    {
        await api.MarkNotificationsReadAsync(cancellationToken);
        return RedirectToPage();
    }
}
