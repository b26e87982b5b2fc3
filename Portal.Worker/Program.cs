using Portal.Core;
using Portal.Worker.Database;
using Portal.Worker.Emails;
using Portal.Worker.Heartbeat;
using Portal.Worker.Outbox;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPortalCore();
builder.AddOutboxDispatcher();
builder.AddEmail();
builder.AddHeartbeat();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
