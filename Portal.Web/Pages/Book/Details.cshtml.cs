using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Book;

public sealed class DetailsModel(PortalApiClient api, PracticeProfiles practice, TimeProvider clock) : PageModel
{
    public PracticeProfile Practice => practice.Value;

    [BindProperty(SupportsGet = true)]
    public DateTimeOffset? Start { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tz { get; set; }

    [BindProperty]
    public DetailsInput Input { get; set; } = new();

    public SessionTypeView SessionType { get; private set; } = null!;

    public string TimeZone => VisitorTime.IsKnownZone(Tz) ? Tz! : Practice.TimeZone;

    /// <summary>Signed in as a client: the form asks only for the note.</summary>
    public MeView? SignedInClient { get; private set; }

    /// <summary>The booking limit was reached: said plainly, instead of "Please check the form".</summary>
    public string? TooManyAttempts { get; private set; }

    private const string ConsentMissing = "Please confirm you have read how your details are used.";

    public async Task<IActionResult> OnGetAsync(string type, CancellationToken cancellationToken)
    {
        if (await FindBookableTypeAsync(type, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        Input = TempData.TakeTypedDetails() ?? new DetailsInput();
        SignedInClient = await SignedInClientAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string type, CancellationToken cancellationToken)
    {
        if (await FindBookableTypeAsync(type, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        // Sent even without the consent ticked: the Api names every field to fix in one answer, and a form sent back
        // with what to fix is not counted against the booking limit.
        // A signed-in client books as who the portal knows them to be: the Api takes their details from their record.
        SignedInClient = await SignedInClientAsync(cancellationToken);
        var form = SignedInClient is { } me
            ? new BookingForm(type, Start!.Value, me.Name ?? "", me.Email, "", TimeZone, Input.Note, PrivacyConsent: true,
                NewsletterConsent: Input.Newsletter)
            : new BookingForm(type, Start!.Value, Input.Name, Input.Email, Input.Phone, TimeZone, Input.Note, PrivacyConsent: Input.Consent,
                NewsletterConsent: Input.Newsletter);
        var result = await api.BookAsync(form, cancellationToken);
        if (result.Booked is { } booked)
        {
            TempData.KeepBooked(booked);
            return RedirectToPage("/Book/Confirmed");
        }

        var problem = result.Problem!;
        if (problem.Code == "time-taken")
        {
            // Back to fresh times, with the reason and everything they typed kept.
            TempData.KeepMessage($"{problem.Title}. {problem.Detail}");
            TempData.KeepTypedDetails(Input);
            return RedirectToPage("/Book/Slots", new { type, tz = TimeZone, week = DateOnly.FromDateTime(Start.Value.DateTime).ToString("yyyy-MM-dd") });
        }

        if (problem.Status == StatusCodes.Status429TooManyRequests)
        {
            TooManyAttempts = $"Many bookings have been made from this connection in the last hour, more than the form takes. {problem.Detail}";
            return Page();
        }

        // The Api names every field to fix; the page's own binding checks (a signed-in client's form has no name field) would only repeat or confuse them.
        ModelState.Clear();
        foreach (var (field, messages) in problem.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(FieldFor(field), field == "privacyConsent" ? ConsentMissing : message);
            }
        }

        if (problem.Errors.Count == 0)
        {
            ModelState.AddModelError("", $"{problem.Title}. {problem.Detail}");
        }

        return Page();
    }

    private async Task<MeView?> SignedInClientAsync(CancellationToken cancellationToken) =>
        Identity.SessionCookie.Read(HttpContext) is { Length: > 0 } && await api.MeAsync(cancellationToken) is { Role: "Client" } me ? me : null;

    private async Task<IActionResult?> FindBookableTypeAsync(string type, CancellationToken cancellationToken)
    {
        var step = await this.OpenStepAsync(api, clock, type, Start, Tz, freeTypes: true, cancellationToken);
        SessionType = step.SessionType!;
        // A form left open past its time: what they typed comes back with the fresh times.
        if (step.TimePassed && HttpMethods.IsPost(Request.Method))
        {
            TempData.KeepTypedDetails(Input);
        }

        return step.Instead;
    }

    private static string FieldFor(string apiField) => apiField switch
    {
        "name" => "Input.Name",
        "email" => "Input.Email",
        "phone" => "Input.Phone",
        "note" => "Input.Note",
        "privacyConsent" => "Input.Consent",
        _ => "",
    };
}
