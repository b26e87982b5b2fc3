using Portal.Core.Data;
using Portal.Core.Outbox;

namespace Portal.Worker.Outbox;

/// <summary>
/// Does one kind of side effect; registered as a keyed scoped service under its outbox type. Runs inside the transaction that claimed the message: whatever it adds to
/// <paramref name="db"/> commits together with the message being marked done, and rolls back with it.
/// </summary>
public interface IOutboxHandler
{
    Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken);
}

public abstract record DispatchResult
{
    /// <summary>Done (or, as <paramref name="Note"/> says, nothing was left to do).</summary>
    public sealed record Done(string? Note = null) : DispatchResult;

    /// <summary>Failed in a way that may pass: try again later, no sooner than <paramref name="After"/> if given.</summary>
    public sealed record RetryLater(string Error, TimeSpan? After = null) : DispatchResult;

    /// <summary>Failed in a way retrying cannot mend (the provider refused the content): dead-letter it now.</summary>
    public sealed record GiveUp(string Error) : DispatchResult;
}
