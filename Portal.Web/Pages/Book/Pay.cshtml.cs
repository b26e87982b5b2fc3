using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

/// <summary>A paid session: the client checks the time and price, then pays on Stripe's own page.</summary>
[SignedIn("Client")]
public sealed class PayModel(PortalApiClient api, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? Start { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tz { get; set; }

    public SessionTypeView SessionType { get; private set; } = null!;

    public string TimeZone => VisitorTime.IsKnownZone(Tz) ? Tz! : (HttpContext.Items[SignedInAttribute.ItemKey] as MeView)?.TimeZone ?? "UTC";

    public string? Problem { get; private set; }

    /// <summary>
    /// Set once the booking holds the time. The page then sends the browser on by itself: a redirect answering the
    /// form would break the Content-Security-Policy's <c>form-action 'self'</c>, which covers redirects too.
    /// </summary>
    public string? CheckoutUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string type, CancellationToken cancellationToken) =>
        await FindTypeAsync(type, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(string type, CancellationToken cancellationToken)
    {
        if (await FindTypeAsync(type, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        var result = await api.BookPaidAsync(new PaidBookingForm(type, Start!.Value, TimeZone), cancellationToken);
        if (result.Booked?.CheckoutUrl is { } checkout)
        {
            CheckoutUrl = checkout;
            return Page();
        }

        if (result.Problem is { Code: "time-taken" } taken)
        {
            TempData.KeepMessage($"{taken.Title}. {taken.Detail}");
            return RedirectToPage("/Book/Slots", new { type, tz = TimeZone });
        }

        Problem = result.Problem is { } problem ? $"{problem.Title}. {problem.Detail}" : "Something went wrong. Please try again.";
        return Page();
    }

    private async Task<IActionResult?> FindTypeAsync(string type, CancellationToken cancellationToken)
    {
        var step = await this.OpenStepAsync(api, clock, type, Start, Tz, freeTypes: false, cancellationToken);
        SessionType = step.SessionType!;
        return step.Instead;
    }
}
