using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Messaging;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Admin.Messages;

/// <summary>A conversation with a client; she can always reply.</summary>
[SignedIn("Therapist")]
public sealed class ThreadModel(PortalApiClient api, PracticeProfiles practice) : ThreadPage(api, practice)
{
    public override bool ForTherapist => true;

    public override string ListHref => "/admin/messages";

    protected override string TimeZone => Practice.TimeZone;
}
