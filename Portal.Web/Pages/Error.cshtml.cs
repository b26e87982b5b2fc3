using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Portal.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int ErrorStatusCode { get; private set; } = StatusCodes.Status500InternalServerError;

    public bool IsNotFound => ErrorStatusCode == StatusCodes.Status404NotFound;

    public void OnGet(int? statusCode) => ErrorStatusCode = statusCode ?? StatusCodes.Status500InternalServerError;
}
