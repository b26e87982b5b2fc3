using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int ErrorStatusCode { get; private set; } = StatusCodes.Status500InternalServerError;

    public bool IsNotFound => ErrorStatusCode == StatusCodes.Status404NotFound;

    /// <summary>The Web refuses a form only when its antiforgery token is missing or stale: its handler never ran.</summary>
    public bool IsRefusedForm => ErrorStatusCode == StatusCodes.Status400BadRequest;

    /// <summary>Someone signed in who opened the other role's page: <c>Client</c> or <c>Therapist</c>; null otherwise.</summary>
    public string? WrongDoorFor { get; private set; }

    public void OnGet(int? statusCode)
    {
        ErrorStatusCode = statusCode ?? StatusCodes.Status500InternalServerError;
        WrongDoorFor = ErrorStatusCode == StatusCodes.Status403Forbidden ? HttpContext.Items[Identity.SignedInAttribute.WrongDoorKey] as string : null;
    }

    // A refused or failed form is re-executed here as the POST it was.
    public void OnPost(int? statusCode) => OnGet(statusCode);
}
