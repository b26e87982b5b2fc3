using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Worker.Outbox;

/// <summary>
/// Does one kind of side effect; registered as a keyed scoped service under its outbox type. Runs outside any
/// transaction, with a time limit (<see cref="OutboxOptions.HandlerTimeout"/>): a provider may take its time without
/// holding locks or back vacuum. It may read <paramref name="db"/>; database work that follows from what the provider
/// did goes in <see cref="DispatchResult.Done.Then"/>, which runs in the short transaction that records the outcome.
/// </summary>
public interface IOutboxHandler
{
    Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken);
}

/// <summary>
/// A handler that only writes to the database: it runs inside the transaction that records its outcome, so what it
/// adds to <c>db</c> commits together with the message being marked done, and rolls back with it.
/// </summary>
public interface IDatabaseOutboxHandler : IOutboxHandler;

public abstract record DispatchResult
{
    /// <summary>Done (or, as <paramref name="Note"/> says, nothing was left to do).</summary>
    public sealed record Done(string? Note = null) : DispatchResult
    {
        /// <summary>
        /// Database work owed to what the provider did (a refund to record), run in the transaction that marks the
        /// message done, and only while this Worker still holds the message. Returns a note for the log.
        /// </summary>
        public Func<CancellationToken, Task<string?>>? Then { get; init; }

        /// <summary>What the message's payload becomes once done, when what was sent carried a secret now spent.</summary>
        public string? SpentPayload { get; init; }
    }

    /// <summary>Failed in a way that may pass: try again later, no sooner than <paramref name="After"/> if given.</summary>
    public sealed record RetryLater(string Error, TimeSpan? After = null) : DispatchResult;

    /// <summary>
    /// Cannot be done until someone acts (she must reconnect a service): look again after <paramref name="After"/>,
    /// without using up an attempt, so it waits as long as it takes and is never dead-lettered for waiting.
    /// </summary>
    public sealed record Wait(string Reason, TimeSpan After) : DispatchResult;

    /// <summary>Failed in a way retrying cannot mend (the provider refused the content): dead-letter it now.</summary>
    public sealed record GiveUp(string Error) : DispatchResult;
}
