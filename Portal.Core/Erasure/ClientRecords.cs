namespace Portal.Core.Erasure;

/// <summary>What becomes of a table's rows of a client when they are erased.</summary>
public enum AtErasure
{
    /// <summary>Gone in the erasure's transaction.</summary>
    Deleted,

    /// <summary>Kept, with no contact details, until <see cref="Privacy.ClinicalRetention"/> ends; then the Worker deletes them.</summary>
    Kept,

    /// <summary>An append-only audit of the therapist's reads: the pseudonymous id stays, nothing that names the client.</summary>
    AuditKept,
}

/// <param name="ClientColumn">The column holding the client's id.</param>
public sealed record ClientTable(string Table, string ClientColumn, AtErasure Fate, string Why);

/// <summary>
/// Every table that holds rows of one client, and what erasure does with them: the one list the eraser, the Worker's
/// purge and the erasure test read. A table that points at <c>clients</c> and is missing here fails the test. Rows
/// that name a client by address, account or name instead (sign-ins, links, holds, the newsletter, the outbox) are
/// found by <see cref="ClientErasure"/>; the erasure test searches every column of every table for what is left.
/// </summary>
public static class ClientRecords
{
    /// <summary>In the order they are deleted (a table before the tables it points at).</summary>
    public static readonly IReadOnlyList<ClientTable> ById =
    [
        new("session_notes", "client_id", AtErasure.Kept, "the therapist's clinical record, which she must keep"),
        new("payments", "client_id", AtErasure.Kept, "the practice's accounts: amounts, dates and refunds"),
        new("bookings", "client_id", AtErasure.Kept, "the dates and types of the sessions held (and of those paid for)"),
        new("client_stage_changes", "client_id", AtErasure.Deleted, "their path through the practice"),
        new("client_consents", "client_id", AtErasure.Deleted, "what they agreed to"),
        new("user_accounts", "client_id", AtErasure.Deleted, "their account (its sessions go with it)"),
        new("message_threads", "client_id", AtErasure.Deleted, "their messages (each thread's messages go with it)"),
        new("notifications", "client_id", AtErasure.Deleted, "their notifications"),
        new("intake_responses", "client_id", AtErasure.Deleted, "their intake answers"),
        new("content_shares", "client_id", AtErasure.Deleted, "what was shared with them"),
        new("email_changes", "client_id", AtErasure.Deleted, "an address change waiting for its link"),
        new("data_exports", "client_id", AtErasure.Deleted, "copies of their data"),
        new("closure_requests", "client_id", AtErasure.Deleted, "their request to close the account"),
        new("waitlist_offers", "client_id", AtErasure.Deleted, "times offered to them from the waitlist"),
        new("waitlist_entries", "client_id", AtErasure.Deleted, "their places on the waitlist"),
        new("clinical_reads", "client_id", AtErasure.AuditKept, "the audit of the therapist's reads (append-only)"),
        new("client_erasures", "client_id", AtErasure.AuditKept, "that the erasure happened, when and at whose request"),
    ];

    public static IEnumerable<ClientTable> Deleted => ById.Where(t => t.Fate == AtErasure.Deleted);

    public static IEnumerable<ClientTable> Kept => ById.Where(t => t.Fate == AtErasure.Kept);
}
