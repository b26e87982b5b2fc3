using Microsoft.AspNetCore.Mvc;
using Portal.Web.Api;

namespace Portal.Web.Pages.Me;

/// <summary>
/// The client's places on the waitlist and the times offered to them, with "Take this time" and "Leave the waitlist":
/// on <c>/me</c> (only when they wait for something) and on <c>/me/waitlist</c>.
/// </summary>
public sealed class MyWaitlistViewComponent(PortalApiClient api) : ViewComponent
{
    /// <param name="onItsOwnPage">On <c>/me/waitlist</c>: its heading is the page's, and it shows even when empty.</param>
    /// <param name="message">What the last click did, said under the heading.</param>
    public async Task<IViewComponentResult> InvokeAsync(bool onItsOwnPage = false, string? message = null)
    {
        var places = await api.MyWaitlistAsync(HttpContext.RequestAborted);
        ViewData["OnItsOwnPage"] = onItsOwnPage;
        ViewData["Message"] = message;
        return places.Length == 0 && !onItsOwnPage ? Content("") : View(places);
    }
}
