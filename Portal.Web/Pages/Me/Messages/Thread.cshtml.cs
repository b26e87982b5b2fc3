using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Messaging;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me.Messages;

/// <summary>A conversation with the therapist; the reply form, or the sentence saying why not yet.</summary>
[SignedIn("Client")]
public sealed class ThreadModel(PortalApiClient api, PracticeProfiles practice) : ThreadPage(api, practice)
{
    public override bool ForTherapist => false;

    public override string ListHref => "/me/messages";

    protected override string TimeZone => SignedInAttribute.Me(HttpContext).TimeZone ?? Practice.TimeZone;
}
