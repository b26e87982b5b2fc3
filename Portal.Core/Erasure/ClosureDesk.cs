using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;
using Portal.Core.Notifications;
using Portal.Core.Outbox;

namespace Portal.Core.Erasure;

/// <summary>
/// A client closing their own account: a link to their address first (someone at an unlocked screen cannot do it
/// alone), then the erasure when the link's button is pressed, spending the link in the erasure's own transaction.
/// </summary>
public sealed class ClosureDesk(PortalDb db, ClientErasure erasure, SideEffects sideEffects, LinkProtector protector, TimeProvider clock)
{
    public async Task RequestAsync(Guid clientId, CancellationToken cancellationToken) =>
        await db.InTransactionAsync(async () =>
        {
            var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, cancellationToken);
            var now = clock.GetUtcNow();
            await db.ClosureRequests.Where(r => r.ClientId == clientId).ExecuteDeleteAsync(cancellationToken);
            var (request, token) = ClosureRequest.For(clientId, now);
            db.ClosureRequests.Add(request);
            sideEffects.Email(new ClosureLinkEmail(client.Email, client.Name, client.TimeZone, protector.Protect(token), request.ExpiresAt),
                $"closure:{request.Id:N}");
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>What following the link would do, without spending it; null when the link would be refused.</summary>
    public async Task<ErasurePreview?> PreviewAsync(string? token, CancellationToken cancellationToken)
    {
        var request = await ValidAsync(token, cancellationToken);
        return request is null ? null : await erasure.PreviewAsync(request.ClientId, ErasureRequester.TheClient, cancellationToken);
    }

    /// <summary>Spends the link and erases, in one transaction; null when the link is unknown, expired or spent.</summary>
    public Task<ErasureOutcome?> ConfirmAsync(string? token, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var request = await ValidAsync(token, cancellationToken);
            // Spent here, once: a second press that got this far finds nothing left to spend.
            if (request is null || await db.ClosureRequests.Where(r => r.Id == request.Id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                return null;
            }

            return await erasure.EraseInTransactionAsync(request.ClientId, ErasureRequester.TheClient, cancellationToken);
        }, cancellationToken);

    private async Task<ClosureRequest?> ValidAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = SecretTokens.HashOf(token ?? "");
        var now = clock.GetUtcNow();
        return await db.ClosureRequests.AsNoTracking().SingleOrDefaultAsync(r => r.TokenHash == hash && r.ExpiresAt > now, cancellationToken);
    }
}
