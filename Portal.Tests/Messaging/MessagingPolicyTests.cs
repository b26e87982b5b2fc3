using Portal.Core.Bookings;
using Portal.Core.Clients;
using Portal.Core.Messaging;

namespace Portal.Tests.Messaging;

/// <summary>What a client may write at each step of their way with the therapist; she may always write.</summary>
public sealed class MessagingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public enum Step
    {
        Prospect,
        DiscoveryBooked,
        DiscoveryCancelled,
        DiscoveryCompleted,
        Active,
        Inactive,
        InactiveAfterDiscovery,
        BackFromInactive,
    }

    public static Client At(Step step)
    {
        var client = Client.Register(new ContactDetails("Sam", "sam@example.com", "+447911123456"), "Europe/London", Now);
        switch (step)
        {
            case Step.DiscoveryBooked:
                client.DiscoveryCallBooked(Now);
                break;
            case Step.DiscoveryCancelled:
                client.DiscoveryCallBooked(Now);
                client.DiscoveryCallCancelled(Now);
                break;
            case Step.DiscoveryCompleted:
                client.CompleteDiscovery(Now);
                break;
            case Step.Active:
                client.CompleteDiscovery(Now);
                client.BecomeActive(Now);
                break;
            case Step.Inactive:
                client.MarkInactive(Now);
                break;
            case Step.InactiveAfterDiscovery:
                client.CompleteDiscovery(Now);
                client.MarkInactive(Now);
                break;
            case Step.BackFromInactive:
                client.CompleteDiscovery(Now);
                client.MarkInactive(Now);
                client.Reactivate(Now);
                break;
        }

        return client;
    }

    [Theory]
    [InlineData(Step.Prospect, false, MessagingPolicy.NotYet)]
    [InlineData(Step.DiscoveryCancelled, false, MessagingPolicy.NotYet)]
    [InlineData(Step.DiscoveryBooked, false, MessagingPolicy.RepliesOnly)]
    [InlineData(Step.DiscoveryCompleted, true, null)]
    [InlineData(Step.Active, true, null)]
    [InlineData(Step.BackFromInactive, true, null)]
    [InlineData(Step.Inactive, false, MessagingPolicy.ReadOnly)]
    [InlineData(Step.InactiveAfterDiscovery, false, MessagingPolicy.ReadOnly)]
    public void Starting_a_thread(Step step, bool allowed, string? whyNot)
    {
        var right = MessagingPolicy.MayStart(At(step));

        Assert.Equal(allowed, right.Allowed);
        Assert.Equal(whyNot, right.WhyNot);
    }

    [Theory]
    [InlineData(Step.Prospect, false, false, MessagingPolicy.NotYet)]
    [InlineData(Step.DiscoveryBooked, false, true, null)]
    [InlineData(Step.DiscoveryBooked, true, false, MessagingPolicy.RepliesOnly)]
    [InlineData(Step.DiscoveryCompleted, true, true, null)]
    [InlineData(Step.Active, false, true, null)]
    [InlineData(Step.Inactive, false, false, MessagingPolicy.ReadOnly)]
    [InlineData(Step.InactiveAfterDiscovery, true, false, MessagingPolicy.ReadOnly)]
    public void Replying_in_a_thread(Step step, bool startedByClient, bool allowed, string? whyNot)
    {
        var right = MessagingPolicy.MayReply(At(step), startedByClient);

        Assert.Equal(allowed, right.Allowed);
        Assert.Equal(whyNot, right.WhyNot);
    }

    [Theory]
    [InlineData(Step.Prospect)]
    [InlineData(Step.Inactive)]
    [InlineData(Step.DiscoveryBooked)]
    public void The_therapist_may_always_start_and_reply(Step step)
    {
        var therapist = new Actor(null, IsTherapist: true);
        var client = At(step);

        Assert.True(MessagingPolicy.MayStart(therapist, client).Allowed);
        Assert.True(MessagingPolicy.MayReply(therapist, client, MessageThread.Welcome(client.Id, "Hi", "Hello", Infrastructure.TestSealing.Sealer, Now)).Allowed);
    }

    [Fact]
    public void Someone_who_is_not_a_client_may_not_write()
    {
        Assert.Equal(MessagingPolicy.NotYet, MessagingPolicy.MayStart(null).WhyNot);
        Assert.False(MessagingPolicy.MayReply(null, threadStartedByClient: false).Allowed);
    }
}
