using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.MyData;
using Portal.Core.Notifications;
using Portal.Core.Outbox;
using Portal.Core.Sealing;
using Portal.Worker.Outbox;

namespace Portal.Worker.MyData;

/// <summary>Gathers a client's export, seals it, and tells them it is ready (by email and in the portal), in one transaction.</summary>
public sealed class DataExportHandler(MyDataCollector collector, Sealer sealer, TimeProvider clock) : IDatabaseOutboxHandler
{
    public async Task<DispatchResult> HandleAsync(OutboxMessage message, PortalDb db, CancellationToken cancellationToken)
    {
        var request = message.Read<DataExportRequest>();
        var export = await db.DataExports.SingleOrDefaultAsync(e => e.Id == request.ExportId, cancellationToken);
        if (export is null)
        {
            return new DispatchResult.Done("the export no longer exists (the client's account was closed)");
        }

        if (export.IsReady)
        {
            return new DispatchResult.Done("already gathered");
        }

        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == export.ClientId, cancellationToken);
        var files = await collector.CollectAsync(export.ClientId, cancellationToken);
        var now = clock.GetUtcNow();
        export.Ready(sealer.Seal(JsonSerializer.Serialize(files), export.SealingPlace), now);

        var sideEffects = new SideEffects(db, clock);
        sideEffects.Email(new DataExportReadyEmail(client.Email, client.Name, client.TimeZone, export.ExpiresAt!.Value), $"data-export:{export.Id:N}:email");
        sideEffects.Enqueue(OutboxTypes.Notification,
            new NotificationRequest(Audience.Client, client.Id, "Your data is ready", "The copy of your data you asked for can be downloaded.", "/me/data"),
            $"data-export:{export.Id:N}:notice");
        return new DispatchResult.Done();
    }
}
