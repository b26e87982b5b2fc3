using Microsoft.AspNetCore.SignalR;
using Portal.Web.Api;
using Portal.Web.Identity;

namespace Portal.Web.Messaging;

/// <summary>
/// The browser's live line to the Web. It carries ids only: on a notice the page fetches what changed from the Web,
/// which asks the Api as the signed-in person, so nothing reaches a browser that its session may not read.
/// </summary>
public sealed class MessagesHub(PortalApiClient api, ILogger<MessagesHub> logger) : Hub
{
    public const string Path = "/hubs/messages";

    /// <summary>The name of the browser-side handler a notice is sent to.</summary>
    public const string NoticeMethod = "notice";

    /// <summary>
    /// Sent to a connection once it is in its group. The handshake is answered before that, so until this arrives a
    /// notice for it could still be missed; the page calls itself live only from here.
    /// </summary>
    public const string ListeningMethod = "listening";

    public const string TherapistGroup = "therapist";

    public static string ClientGroup(Guid clientId) => $"client:{clientId:N}";

    /// <summary>The therapist's group, or the client's own; someone not signed in is let go.</summary>
    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var me = http is not null && SessionCookie.Read(http) is { Length: > 0 } token
            ? await api.WhoHoldsAsync(token, Context.ConnectionAborted)
            : null;
        var group = me switch
        {
            { Role: "Therapist" } => TherapistGroup,
            { Role: "Client", ClientId: { } clientId } => ClientGroup(clientId),
            _ => null,
        };
        if (group is null)
        {
            logger.LogInformation("A live connection without a session was closed");
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        await base.OnConnectedAsync();
        await Clients.Caller.SendAsync(ListeningMethod, Context.ConnectionAborted);
    }
}
