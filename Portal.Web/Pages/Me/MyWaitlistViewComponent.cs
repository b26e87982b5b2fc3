using Microsoft.AspNetCore.Mvc;
using Portal.Web.Api;

namespace Portal.Web.Pages.Me;

/// <summary>
/// The client's places on the waitlist and the times offered to them, with "Take this time" and "Leave the waitlist":
/// on <c>/me</c> (only when they wait for something) and on <c>/me/waitlist</c>.
/// </summary>
public sealed class MyWaitlistViewComponent(PortalApiClient api) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(bool showWhenEmpty = false)
    {
        var places = await api.MyWaitlistAsync(HttpContext.RequestAborted);
        return places.Length == 0 && !showWhenEmpty ? Content("") : View(places);
    }
}
