using Portal.Core.Clients;

namespace Portal.Core.Identity;

public enum Role
{
    Client,
    Therapist,
}

/// <summary>Someone who can sign in: the therapist, or a client who claimed their account.</summary>
public sealed class UserAccount
{
    private UserAccount()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string EmailKey { get; private set; } = "";

    public Role Role { get; private set; }

    /// <summary>For a client's account: their client record.</summary>
    public Guid? ClientId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastSignedInAt { get; private set; }

    public void SignedIn(DateTimeOffset now) => LastSignedInAt = now;

    /// <summary>The client's account follows their record to the address they proved is theirs.</summary>
    public void ChangeEmail(string emailKey) => EmailKey = emailKey;

    public static UserAccount ForClient(Client client, DateTimeOffset now) => new()
    {
        EmailKey = client.EmailKey,
        Role = Role.Client,
        ClientId = client.Id,
        CreatedAt = now,
    };

    public static UserAccount ForTherapist(string email, DateTimeOffset now) => new()
    {
        EmailKey = ContactDetails.EmailKeyOf(email),
        Role = Role.Therapist,
        CreatedAt = now,
    };
}
