using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

public sealed class ConfirmedModel(IOptions<PracticeProfile> practice) : PageModel
{
    public PracticeProfile Practice => practice.Value;

    public BookedView Booking { get; private set; } = null!;

    public IActionResult OnGet()
    {
        if (TempData.TakeBooked<BookedView>() is not { } booked)
        {
            return RedirectToPage("/Book/Index");
        }

        Booking = booked;
        return Page();
    }
}
