using Portal.Core;
using Portal.Worker.Backup;
using Portal.Worker.Calendar;
using Portal.Worker.Cms;
using Portal.Worker.Crm;
using Portal.Worker.Database;
using Portal.Worker.Emails;
using Portal.Worker.Heartbeat;
using Portal.Worker.Newsletter;
using Portal.Worker.Outbox;
using Portal.Worker.Privacy;
using Portal.Worker.Waitlist;

if (RolesCommand.IsRequested(args))
{
    return await RolesCommand.RunAsync(args);
}

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

if (CmsSchemaCommand.IsRequested(args))
{
    return await CmsSchemaCommand.RunAsync(args);
}

if (BackupCommand.IsRequested(args))
{
    return await BackupCommand.RunAsync(args);
}

if (RestoreCommand.IsRequested(args))
{
    return await RestoreCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPortalCore();
builder.AddOutboxDispatcher();
builder.AddEmail();
builder.AddNewsletterSending();
builder.AddTwentyCrm();
builder.AddHeartbeat();
builder.AddNightlyBackup();
builder.AddRetentionPurge();
builder.AddCalendarSync();
builder.AddWaitlistOffers();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
