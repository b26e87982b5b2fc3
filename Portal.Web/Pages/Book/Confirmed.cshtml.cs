using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

public sealed class ConfirmedModel(PracticeProfiles practice) : PageModel
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
