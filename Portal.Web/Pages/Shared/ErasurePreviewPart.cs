using System.Globalization;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Shared;

/// <summary>What <c>_ErasurePreview</c> shows: the preview, in whose words, and times in whose zone.</summary>
public sealed record ErasurePreviewPart(ErasurePreviewView Preview, bool ForTherapist, string TimeZone)
{
    public string When(DateTimeOffset time) => VisitorTime.FullIn(time, TimeZone);

    public static string Day(DateTimeOffset time) => time.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public string MoneyLine(SessionToCancelView session) => !session.Paid ? "Nothing was paid for it."
        : session.Refunded ? "What was paid is refunded."
        : ForTherapist ? $"Inside the {Preview.CancellationWindowHours}-hour cancellation window: not refunded unless you choose to below."
        : $"Inside the {Preview.CancellationWindowHours}-hour cancellation window: not refunded, as the cancellation policy says.";
}
