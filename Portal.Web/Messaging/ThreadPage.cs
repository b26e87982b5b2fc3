using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Web.Api;
using Portal.Web.Practice;

namespace Portal.Web.Messaging;

/// <summary>
/// One thread and its reply form, for a client (<c>/me/messages/{id}</c>) and for the therapist
/// (<c>/admin/messages/{id}</c>): what differs is who "you" are, whose zone the times are in and where the list is.
/// Opening the newest messages marks them read.
/// </summary>
public abstract class ThreadPage(PortalApiClient api, PracticeProfiles practice) : PageModel
{
    [BindProperty]
    public MessageInput Input { get; set; } = new();

    public ThreadView Thread { get; private set; } = null!;

    /// <summary>Why they cannot reply: shown instead of the form.</summary>
    public string? WhyNot { get; private set; }

    /// <summary>An earlier page of the thread is shown (nothing is marked read, and the reply form waits on the newest page).</summary>
    public bool Earlier { get; private set; }

    public abstract bool ForTherapist { get; }

    /// <summary>The list of threads this one belongs to: /me/messages or /admin/messages.</summary>
    public abstract string ListHref { get; }

    protected abstract string TimeZone { get; }

    protected PracticeProfile Practice => practice.Value;

    public string Href => $"{ListHref}/{Thread.Id}";

    /// <summary>Who wrote it, as the reader says it: "You", or the other person's name.</summary>
    public string AuthorOf(MessageView message) =>
        message.FromTherapist == ForTherapist ? "You" : message.FromTherapist ? Practice.TherapistName : Thread.ClientName;

    public bool IsNewForReader(MessageView message) => message.FromTherapist != ForTherapist && message.ReadAt is null;

    public string When(DateTimeOffset time) =>
        VisitorTime.Full(TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)), TimeZone);

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? before, CancellationToken cancellationToken)
    {
        if (!await ReadAsync(id, before, cancellationToken))
        {
            return NotFound();
        }

        Earlier = before is not null;
        if (!Earlier)
        {
            await MarkReadAsync(cancellationToken);
        }

        return Page();
    }

    /// <summary>The messages alone, for the page's script when a notice says the thread changed; read only if she is looking.</summary>
    public async Task<IActionResult> OnGetMessagesAsync(Guid id, bool read, CancellationToken cancellationToken)
    {
        if (!await ReadAsync(id, null, cancellationToken))
        {
            return NotFound();
        }

        if (read)
        {
            await MarkReadAsync(cancellationToken);
        }

        return Partial("/Pages/Shared/Messages/_Messages.cshtml", this);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var problem = await api.ReplyAsync(id, Input.Body, cancellationToken);
        if (problem?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        if (problem is null)
        {
            return Redirect($"{ListHref}/{id}#latest");
        }

        if (!await ReadAsync(id, null, cancellationToken))
        {
            return NotFound();
        }

        WhyNot = MessageForm.Apply(ModelState, problem);
        return Page();
    }

    private async Task<bool> ReadAsync(Guid id, Guid? before, CancellationToken cancellationToken)
    {
        if (await api.ThreadAsync(id, before, cancellationToken) is not { } thread)
        {
            return false;
        }

        Thread = thread;
        WhyNot = thread.MayReply ? null : thread.WhyNot;
        return true;
    }

    private async Task MarkReadAsync(CancellationToken cancellationToken)
    {
        if (Thread.Messages.Any(IsNewForReader))
        {
            await api.MarkThreadReadAsync(Thread.Id, cancellationToken);
        }
    }
}
