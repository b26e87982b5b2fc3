using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin;

/// <summary>What each client has paid, with a refund button the therapist can use at her discretion.</summary>
[SignedIn("Therapist")]
public sealed class PaymentsModel(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    public string TimeZone => practice.Value.TimeZone;

    public IReadOnlyList<IGrouping<Guid, PaymentView>> ByClient { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        ByClient = [.. (await api.PaymentsAsync(cancellationToken)).GroupBy(p => p.ClientId).OrderBy(g => g.First().ClientName)];

    public async Task<IActionResult> OnPostRefundAsync(Guid id, CancellationToken cancellationToken)
    {
        var problem = await api.RefundPaymentAsync(id, cancellationToken);
        Message = problem is null ? "Refund requested: Stripe returns the money to the client's card in 5–10 days." : $"{problem.Title}. {problem.Detail}";
        return RedirectToPage();
    }

    public static string Describe(PaymentView payment) => payment.Status switch
    {
        "Paid" when payment.RefundRequestedAt is not null => "paid · refund on its way",
        "Paid" => "paid",
        "PartiallyRefunded" => "partly refunded",
        "Refunded" => "refunded",
        _ => payment.Status.ToLowerInvariant(),
    };
}
