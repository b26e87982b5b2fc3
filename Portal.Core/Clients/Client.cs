namespace Portal.Core.Clients;

/// <summary>Where a client stands in their work with the therapist.</summary>
public enum ClientStage
{
    Prospect,
    DiscoveryBooked,
    DiscoveryCompleted,
    Active,
    Inactive,
}

/// <summary>A person who booked at least once. Created by a guest booking; claimed as an account later.</summary>
public sealed class Client
{
    private Client()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public string Name { get; private set; } = "";

    /// <summary>As the person typed it; <see cref="EmailKey"/> is what identifies them.</summary>
    public string Email { get; private set; } = "";

    /// <summary>The email in lower case: one client per address, however it is capitalised.</summary>
    public string EmailKey { get; private set; } = "";

    /// <summary>E.164, e.g. +447700900123.</summary>
    public string Phone { get; private set; } = "";

    /// <summary>IANA zone the client sees times in.</summary>
    public string TimeZone { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public ClientStage Stage { get; private set; }

    /// <summary>Set when the therapist (or completing the call) marks the discovery call done: paid sessions unlock.</summary>
    public DateTimeOffset? DiscoveryCompletedAt { get; private set; }

    /// <summary>The therapist allowed one more discovery call after the first.</summary>
    public bool MayBookAnotherDiscoveryCall { get; set; }

    /// <summary>When the client sent their intake form: with the discovery call done, ongoing sessions open.</summary>
    public DateTimeOffset? IntakeSubmittedAt { get; private set; }

    /// <summary>The therapist let this client start without the intake form.</summary>
    public DateTimeOffset? IntakeWaivedAt { get; private set; }

    /// <summary>The intake form is in, or the therapist does not need it from them.</summary>
    public bool IntakeDone => IntakeSubmittedAt is not null || IntakeWaivedAt is not null;

    /// <summary>The client wants the email a day before each session.</summary>
    public bool RemindersByEmail { get; private set; } = true;

    /// <summary>The client wants an email when a message waits for them in the portal.</summary>
    public bool MessageNoticesByEmail { get; private set; } = true;

    /// <summary>When the guest who booked first signed in, making the booking's record their account.</summary>
    public DateTimeOffset? AccountClaimedAt { get; private set; }

    /// <summary>When the client (or the therapist for them) erased their record: contact details are gone from then on.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>An erased client whose clinical records are kept: when the Worker deletes them and this row.</summary>
    public DateTimeOffset? RecordsKeptUntil { get; private set; }

    public bool IsErased => ErasedAt is not null;

    /// <summary>Every move between stages, oldest first: the client's timeline shows them.</summary>
    public List<ClientStageChange> StageChanges { get; private set; } = [];

    public void ClaimAccount(DateTimeOffset now) => AccountClaimedAt ??= now;

    public static Client Register(ContactDetails contact, string timeZone, DateTimeOffset now) => new()
    {
        Name = contact.Name,
        Email = contact.Email,
        EmailKey = ContactDetails.EmailKeyOf(contact.Email),
        Phone = contact.Phone,
        TimeZone = timeZone,
        CreatedAt = now,
        Stage = ClientStage.Prospect,
    };

    /// <summary>
    /// What the kept records call the client once erased: no name, only the end of their id (random, unlike its start),
    /// so the therapist can tell two erased clients apart.
    /// </summary>
    public static string PseudonymOf(Guid id) => $"Erased client {id.ToString("N")[^6..].ToUpperInvariant()}";

    /// <summary>Name, address and phone gone; what remains is a pseudonymous label for the records kept by law.</summary>
    public void Erase(DateTimeOffset now, DateTimeOffset? recordsKeptUntil)
    {
        Name = PseudonymOf(Id);
        Email = "";
        EmailKey = $"erased-{Id:N}"; // unique like an address, and no address
        Phone = "";
        RemindersByEmail = false;
        MessageNoticesByEmail = false;
        MayBookAnotherDiscoveryCall = false;
        ErasedAt = now;
        RecordsKeptUntil = recordsKeptUntil;
    }

    public void ChangeTimeZone(string timeZone) => TimeZone = timeZone;

    /// <summary>Name and phone as the client corrects them (already checked: <see cref="ContactDetails.Read"/>).</summary>
    public void ChangeDetails(string name, string phone) => (Name, Phone) = (name, phone);

    public void ChooseEmails(bool reminders, bool messageNotices) => (RemindersByEmail, MessageNoticesByEmail) = (reminders, messageNotices);

    /// <summary>The address the client proved is theirs (<see cref="Profile.EmailChange"/>).</summary>
    public void ChangeEmail(string email) => (Email, EmailKey) = (email, ContactDetails.EmailKeyOf(email));

    public void DiscoveryCallBooked(DateTimeOffset now)
    {
        if (Stage == ClientStage.Prospect)
        {
            MoveTo(ClientStage.DiscoveryBooked, now);
        }
    }

    /// <summary>The discovery call was cancelled before it happened: back to where they were.</summary>
    public void DiscoveryCallCancelled(DateTimeOffset now)
    {
        if (Stage == ClientStage.DiscoveryBooked && DiscoveryCompletedAt is null)
        {
            MoveTo(ClientStage.Prospect, now);
        }
    }

    public void CompleteDiscovery(DateTimeOffset now)
    {
        DiscoveryCompletedAt ??= now;
        MayBookAnotherDiscoveryCall = false;
        if (Stage is ClientStage.Prospect or ClientStage.DiscoveryBooked)
        {
            MoveTo(ClientStage.DiscoveryCompleted, now);
        }
    }

    public void IntakeSubmitted(DateTimeOffset now) => IntakeSubmittedAt ??= now;

    public void WaiveIntake(DateTimeOffset now) => IntakeWaivedAt ??= now;

    public void RequireIntake() => IntakeWaivedAt = null;

    /// <summary>The therapist allows one more discovery call (the first did not take place, or a long gap).</summary>
    public void AllowAnotherDiscoveryCall() => MayBookAnotherDiscoveryCall = true;

    /// <summary>A paid session was booked and confirmed: the work has begun.</summary>
    public void BecomeActive(DateTimeOffset now)
    {
        if (DiscoveryCompletedAt is not null && Stage != ClientStage.Active)
        {
            MoveTo(ClientStage.Active, now);
        }
    }

    /// <summary>The work has paused or ended: the client keeps reading what is theirs.</summary>
    public void MarkInactive(DateTimeOffset now)
    {
        if (Stage != ClientStage.Inactive)
        {
            MoveTo(ClientStage.Inactive, now);
        }
    }

    /// <summary>Back from Inactive, to where their record says they stand.</summary>
    public void Reactivate(DateTimeOffset now)
    {
        if (Stage == ClientStage.Inactive)
        {
            MoveTo(DiscoveryCompletedAt is null ? ClientStage.Prospect : ClientStage.Active, now);
        }
    }

    private void MoveTo(ClientStage stage, DateTimeOffset now)
    {
        StageChanges.Add(ClientStageChange.Of(Id, Stage, stage, now));
        Stage = stage;
    }
}
