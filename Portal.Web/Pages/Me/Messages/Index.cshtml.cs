using Microsoft.AspNetCore.Mvc;
using Portal.Web.Api;
using Portal.Web.Identity;
using Portal.Web.Messaging;
using Portal.Web.Practice;

namespace Portal.Web.Pages.Me.Messages;

/// <summary>The client's conversations with the therapist, and a new one when where they stand with her allows it.</summary>
[SignedIn("Client")]
public sealed class IndexModel(PortalApiClient api, PracticeProfiles practice) : ThreadListPage(api, practice)
{
    [BindProperty]
    public MessageInput Input { get; set; } = new();

    /// <summary>Why they cannot start a conversation: shown instead of the form.</summary>
    public string? WhyNot { get; private set; }

    public override bool ForTherapist => false;

    public override string ListHref => "/me/messages";

    public string TherapistName => Practice.TherapistName;

    /// <summary>No call booked yet: the way to one is offered beside the sentence.</summary>
    public bool IsProspect => SignedInAttribute.Me(HttpContext).Stage == "Prospect";

    public NewThreadForm Form => new(ListHref, Input);

    protected override string TimeZone => SignedInAttribute.Me(HttpContext).TimeZone ?? Practice.TimeZone;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await ReadThreadsAsync(cancellationToken);
        WhyNot = Threads.MayStart ? null : Threads.WhyNot;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (thread, problem) = await Api.StartThreadAsync(null, Input, cancellationToken);
        if (thread is not null)
        {
            return Redirect($"{ListHref}/{thread.Id}");
        }

        await ReadThreadsAsync(cancellationToken);
        WhyNot = MessageForm.Apply(ModelState, problem!) ?? (Threads.MayStart ? null : Threads.WhyNot);
        return Page();
    }
}
