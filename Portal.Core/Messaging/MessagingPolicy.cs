using Portal.Core.Bookings;
using Portal.Core.Clients;

namespace Portal.Core.Messaging;

/// <summary>Whether someone may write, and when not, the sentence that tells them why (shown instead of the form).</summary>
public sealed record MessagingRight(bool Allowed, string? WhyNot)
{
    public static readonly MessagingRight Yes = new(true, null);

    public static MessagingRight No(string whyNot) => new(false, whyNot);
}

/// <summary>
/// What a client may do in messages depends on where they stand with the therapist. A prospect with no booking cannot
/// write. Once a discovery call is booked they may reply in threads the therapist (or the practice's welcome) started,
/// but not start one. Once the discovery call is done they may start threads too. An inactive client can read but
/// not write. The therapist can always start and reply.
/// </summary>
public static class MessagingPolicy
{
    public const string NotYet =
        "Messages open once you have booked your free discovery call. Until then, you can reach the practice by email.";

    public const string RepliesOnly =
        "You can reply to the messages you have been sent. New conversations open after your discovery call.";

    public const string ReadOnly =
        "Your account is no longer active, so you can read your messages but not send new ones. " +
        "If you would like to start again, please get in touch with the practice by email.";

    public static MessagingRight MayStart(Actor caller, Client? client) =>
        caller.IsTherapist ? MessagingRight.Yes : MayStart(client);

    public static MessagingRight MayReply(Actor caller, Client? client, MessageThread thread) =>
        caller.IsTherapist ? MessagingRight.Yes : MayReply(client, thread.StartedByClient);

    public static MessagingRight MayStart(Client? client) => StandingOf(client) switch
    {
        Standing.Inactive => MessagingRight.No(ReadOnly),
        Standing.PastDiscovery => MessagingRight.Yes,
        Standing.DiscoveryBooked => MessagingRight.No(RepliesOnly),
        _ => MessagingRight.No(NotYet),
    };

    public static MessagingRight MayReply(Client? client, bool threadStartedByClient) => StandingOf(client) switch
    {
        Standing.Inactive => MessagingRight.No(ReadOnly),
        Standing.PastDiscovery => MessagingRight.Yes,
        // Only a client past discovery starts threads; one who is back before it (a new call booked) replies only in hers.
        Standing.DiscoveryBooked => threadStartedByClient ? MessagingRight.No(RepliesOnly) : MessagingRight.Yes,
        _ => MessagingRight.No(NotYet),
    };

    private enum Standing
    {
        None,
        DiscoveryBooked,
        PastDiscovery,
        Inactive,
    }

    private static Standing StandingOf(Client? client) => client switch
    {
        null => Standing.None,
        { Stage: ClientStage.Inactive } => Standing.Inactive,
        { DiscoveryCompletedAt: not null } => Standing.PastDiscovery,
        { Stage: ClientStage.DiscoveryBooked } => Standing.DiscoveryBooked,
        _ => Standing.None,
    };
}
