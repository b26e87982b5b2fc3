using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Portal.Core.Clients;
using Portal.Core.Crm;
using Portal.Core.Data;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Crm;

/// <summary>
/// Keeps a client's person in Twenty in step: found by primary email (so a retry never makes a second person), then
/// made or updated with the client's current name, phone and stage. Twenty keeps primary emails in lower case, so the
/// address is looked for as the client's key (lower case too), never as typed.
/// </summary>
public sealed class TwentyPeople(TwentyClient twenty, IOptions<TwentyOptions> options)
{
    /// <summary>
    /// Find-then-create is not atomic in Twenty: two updates of one client at once (two dispatchers, two replicas) would
    /// each find nobody and make a person. A PostgreSQL advisory lock per address makes them take turns. The client is
    /// read again under it: an erasure that deleted the person meanwhile must not see it made again from an older read.
    /// </summary>
    /// <param name="previousEmail">The client's address until a change: their person is looked for by it too.</param>
    /// <returns>The person's id; null when the client is gone or erased.</returns>
    public async Task<string?> UpsertAsync(Guid clientId, PortalDb db, CancellationToken cancellationToken, string? previousEmail = null)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var emailKey = await db.Clients.Where(c => c.Id == clientId).Select(c => c.EmailKey).SingleOrDefaultAsync(cancellationToken);
            if (emailKey is null)
            {
                return null;
            }

            await using (await ReplicaLocks.TakeAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), $"twenty-person:{emailKey}", cancellationToken))
            {
                var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken);
                if (client is null || client.IsErased)
                {
                    return null;
                }

                // The address changed while this waited: the lock to hold is the new address's.
                if (client.EmailKey == emailKey)
                {
                    return await UpsertAsync(client, previousEmail, cancellationToken);
                }
            }
        }
    }

    private async Task<string> UpsertAsync(Client client, string? previousEmail, CancellationToken cancellationToken)
    {
        var (first, last) = Split(client.Name);
        var person = new JsonObject
        {
            ["name"] = new JsonObject { ["firstName"] = first, ["lastName"] = last },
            ["emails"] = new JsonObject { ["primaryEmail"] = client.EmailKey },
            ["phones"] = new JsonObject { ["primaryPhoneNumber"] = client.Phone },
        };
        if (options.Value.StageField is { Length: > 0 } stageField)
        {
            person[stageField] = client.Stage.ToString();
        }

        var id = await twenty.FindPersonAsync(client.EmailKey, cancellationToken)
            ?? (previousEmail is null ? null : await twenty.FindPersonAsync(ContactDetails.EmailKeyOf(previousEmail), cancellationToken));
        return id is not null
            ? await twenty.UpdatePersonAsync(id, person, cancellationToken)
            : await twenty.CreatePersonAsync(person, cancellationToken);
    }

    private static (string First, string Last) Split(string name)
    {
        var parts = name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return (parts.ElementAtOrDefault(0) ?? "", parts.ElementAtOrDefault(1) ?? "");
    }
}

public sealed class CrmPersonHandler(TwentyPeople people) : IOutboxHandler
{
    public Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken) =>
        CrmCall.RunAsync(async () =>
        {
            var sync = message.Read<CrmPersonSync>();
            // The old address is kept no longer than it is needed.
            var spent = sync.PreviousEmail is null ? null : System.Text.Json.JsonSerializer.Serialize(sync with { PreviousEmail = null }, OutboxJson.Options);
            return await people.UpsertAsync(sync.ClientId, db, cancellationToken, sync.PreviousEmail) is null
                ? new DispatchResult.Done("the client is gone") { SpentPayload = spent }
                : new DispatchResult.Done { SpentPayload = spent };
        });
}

/// <summary>
/// A booking confirmed, moved, cancelled, completed or missed, as a Note on the client's person: the type, the time and the status,
/// nothing clinical. Its title names the booking and the status, so a retry finds the note it made and adds no second.
/// </summary>
public sealed class CrmBookingNoteHandler(TwentyPeople people, TwentyClient twenty) : IOutboxHandler
{
    public Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken) =>
        CrmCall.RunAsync(async () =>
        {
            var note = message.Read<CrmBookingNote>();
            if (await people.UpsertAsync(note.ClientId, db, cancellationToken) is not { } personId)
            {
                return new DispatchResult.Done("the client is gone");
            }

            var status = note.Status.InWords();
            var when = $"{note.StartsAt.UtcDateTime:ddd d MMM yyyy, HH:mm} UTC";
            var title = $"{note.SessionType} {status}: {when} (booking {note.BookingId.ToString("N")[..8]})";
            var noteId = await twenty.FindNoteAsync(title, cancellationToken)
                ?? await twenty.CreateNoteAsync(title, $"{note.SessionType}, {when}: {status} in the practice portal.", cancellationToken);
            if (await twenty.FindNoteTargetAsync(noteId, personId, cancellationToken) is null)
            {
                await twenty.CreateNoteTargetAsync(noteId, personId, cancellationToken);
            }

            return new DispatchResult.Done();
        });
}

/// <summary>
/// An erased client's person deleted from Twenty, found by the address the message carries; the message then keeps
/// no address (it is the last place the portal had it). Under the address's lock, so an update in flight cannot make
/// the person again after the delete.
/// </summary>
public sealed class CrmPersonErasureHandler(TwentyClient twenty) : IOutboxHandler
{
    public Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken) =>
        CrmCall.RunAsync(async () =>
        {
            var email = ContactDetails.EmailKeyOf(message.Read<CrmPersonErasure>().Email);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using (await ReplicaLocks.TakeAsync((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(),
                $"twenty-person:{email}", cancellationToken))
            {
                // One address may have been made twice by hand in Twenty: every person with it goes.
                for (var i = 0; i < 10 && await twenty.FindPersonAsync(email, cancellationToken) is { } id; i++)
                {
                    await twenty.DeletePersonAsync(id, cancellationToken);
                }
            }

            return new DispatchResult.Done { SpentPayload = System.Text.Json.JsonSerializer.Serialize(new CrmPersonErasure(""), OutboxJson.Options) };
        });
}

internal static class CrmCall
{
    /// <summary>Twenty away or busy: try again later (the outbox backs off). Twenty refusing the content: give up, visibly.</summary>
    public static async Task<DispatchResult> RunAsync(Func<Task<DispatchResult>> call)
    {
        try
        {
            return await call();
        }
        catch (TwentyRefusal refusal)
        {
            return refusal.Transient ? new DispatchResult.RetryLater(refusal.Message) : new DispatchResult.GiveUp(refusal.Message);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            return new DispatchResult.RetryLater($"Twenty could not be reached: {exception.Message}");
        }
    }
}
