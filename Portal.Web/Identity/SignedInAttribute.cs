using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Portal.Web.Api;

namespace Portal.Web.Identity;

/// <summary>
/// A page for one role. Anonymous visitors go to sign in and come back; someone signed in with the other role
/// gets a 403 page that points to their own part of the portal. The Api is asked who the visitor is on every request, so a revoked session ends at once.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignedInAttribute(string role) : Attribute, IAsyncPageFilter
{
    public const string ItemKey = "portal:me";

    /// <summary>The role of someone signed in who opened a page for the other role.</summary>
    public const string WrongDoorKey = "portal:wrong-door";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var me = SessionCookie.Read(http) is { Length: > 0 }
            ? await http.RequestServices.GetRequiredService<PortalApiClient>().MeAsync(http.RequestAborted)
            : null;
        if (me is null)
        {
            SessionCookie.Delete(http);
            var back = $"{http.Request.Path}{http.Request.QueryString}";
            context.Result = new RedirectToPageResult("/Signin/Index", new { returnUrl = back });
            return;
        }

        if (!string.Equals(me.Role, role, StringComparison.Ordinal))
        {
            // The error page, re-executed for the 403, points them to their own door.
            http.Items[WrongDoorKey] = me.Role;
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        http.Items[ItemKey] = me;
        await next();
    }

    public static MeView Me(HttpContext http) => (MeView)http.Items[ItemKey]!;
}
