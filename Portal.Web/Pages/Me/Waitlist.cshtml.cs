using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Pages.Book;

namespace Portal.Web.Pages.Me;

/// <summary>The client's waitlist: the times offered to them (the offer email links here), taking one, leaving.</summary>
[SignedIn("Client")]
public sealed class WaitlistModel(PortalApiClient api) : PageModel
{
    public string? Message { get; private set; }

    /// <summary>A paid session taken: the page sends the browser on to Stripe (a redirect would break <c>form-action 'self'</c>).</summary>
    public string? CheckoutUrl { get; private set; }

    public void OnGet() => Message = TempData.TakeMessage();

    public async Task<IActionResult> OnPostLeaveAsync(Guid id, CancellationToken cancellationToken)
    {
        TempData.KeepMessage(await api.LeaveWaitlistAsync(id, cancellationToken)
            ? "You have left the waitlist."
            : "That place on the waitlist had already gone.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTakeAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await api.TakeWaitlistOfferAsync(id, cancellationToken);
        if (result.Booked is { CheckoutUrl: { } checkout })
        {
            CheckoutUrl = checkout;
            return Page();
        }

        if (result.Booked is { } booked)
        {
            TempData["Message"] = $"It is yours: {booked.SessionTypeName} on {Practice.VisitorTime.Full(booked.Start, booked.TimeZone)}. We have emailed you the details.";
            return RedirectToPage("/Me/Index");
        }

        TempData.KeepMessage(result.Problem is { } problem ? $"{problem.Title}. {problem.Detail}" : "Something went wrong. Please try again.");
        return RedirectToPage();
    }
}
