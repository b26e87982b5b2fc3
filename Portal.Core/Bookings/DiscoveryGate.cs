using Portal.Core.Clients;

namespace Portal.Core.Bookings;

public enum GateVerdict
{
    Allowed,
    /// <summary>Paid sessions need a completed discovery call (and an account to book them from).</summary>
    DiscoveryFirst,
    /// <summary>The client already has a discovery call coming up.</summary>
    DiscoveryAlreadyBooked,
    /// <summary>The client had their discovery call; the therapist has not allowed another.</summary>
    DiscoveryAlreadyHad,
    /// <summary>The discovery call is done; the intake form the therapist asks for is not in yet.</summary>
    IntakeFirst,
}

/// <summary>The therapeutic stages as booking rules: who may book which kind of session.</summary>
public static class DiscoveryGate
{
    /// <param name="client">The client booking, or null for someone the practice does not know yet.</param>
    /// <param name="signedIn">Whether the caller proved who they are; a guest naming an email has not.</param>
    /// <param name="intakeAsked">The practice's intake form asks something: ongoing sessions wait for it (unless waived).</param>
    public static GateVerdict Check(SessionType type, Client? client, bool signedIn, bool hasUpcomingDiscoveryCall, bool intakeAsked = false)
    {
        if (type.IsDiscoveryCall)
        {
            if (hasUpcomingDiscoveryCall)
            {
                return GateVerdict.DiscoveryAlreadyBooked;
            }

            return client?.DiscoveryCompletedAt is not null && !client.MayBookAnotherDiscoveryCall
                ? GateVerdict.DiscoveryAlreadyHad
                : GateVerdict.Allowed;
        }

        // Someone not signed in may book the discovery call and nothing else.
        if (!type.RequiresCompletedDiscovery)
        {
            return signedIn ? GateVerdict.Allowed : GateVerdict.DiscoveryFirst;
        }

        if (!signedIn || client?.DiscoveryCompletedAt is null)
        {
            return GateVerdict.DiscoveryFirst;
        }

        return intakeAsked && !client.IntakeDone ? GateVerdict.IntakeFirst : GateVerdict.Allowed;
    }
}
