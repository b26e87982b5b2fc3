using Portal.Core.Data;
using Portal.Worker.Database;
using Portal.Worker.Heartbeat;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPortalDb();
builder.AddHeartbeat();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
