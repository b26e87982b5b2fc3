using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Portal.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// postgres (databases portal, directus-db, each with its own role; postgres-roles sets them up at every start),
// redis and directus: containers, or local processes without a runtime.
var infrastructure = builder.AddPortalInfrastructure();
var portalDb = infrastructure.PortalDb;
var redis = infrastructure.Redis;
var directus = infrastructure.Directus;

// Encrypt the key rings; the Api and the Worker share one, the Web has its own.
var keyRingCertificate = builder.AddKeyRingCertificate("key-ring-certificate");
var webKeyRingCertificate = builder.AddKeyRingCertificate("web-key-ring-certificate");

// Seals clinical data at rest (session notes, messages): the Api reads and writes it, the Worker writes the welcome
// message, the migrations seal messages written before sealing; the Web never holds it.
var sealingKey = builder.AddSealingKey("sealing-key");

// Portal:Replicas instances each of the Api, the Web and the Worker (default 1): they share PostgreSQL and Redis, and
// the AppHost's proxy spreads requests over them.
var replicas = builder.Configuration.GetValue("Portal:Replicas", 1);

var migrations = builder.AddProject<Projects.Portal_Worker>("migrations", launchProfileName: null)
    .WithArgs("migrate")
    .WithTherapistAccount()
    .WithSealingKey(sealingKey)
    .WithReference(infrastructure.PortalOwnerDb, connectionName: "portal") // migrations run as the owner
    .WaitFor(infrastructure.PortalOwnerDb);

// Brings Directus to the Portal's schema, creates the Flow that tells the Api about changes, and in Development adds
// sample content to an empty Directus; then exits.
var cmsWebhookSecret = builder.AddCmsWebhookSecret();
var cmsApiToken = builder.AddCmsApiToken();
var cmsSchema = builder.AddProject<Projects.Portal_Worker>("cms-schema", launchProfileName: null)
    .WithArgs("cms-schema")
    .WithReference(infrastructure.DirectusHttp)
    .WithCmsAdministration(infrastructure, cmsApiToken, cmsWebhookSecret)
    .WithEnvironment("Cms__SampleContent", builder.Environment.IsDevelopment() ? "true" : "false")
    // Started with Directus, not once it answers: the step waits for Directus itself, while its own start overlaps.
    .WaitForStart(directus);

var api = builder.AddProject<Projects.Portal_Api>("api")
    .WithReference(portalDb)
    .WithReference(redis)
    .WithReference(infrastructure.DirectusHttp)
    .WithCmsReading(cmsApiToken, cmsWebhookSecret)
    .WithIntegrationSecrets()
    .WithPasswordDoorWhenAsked()
    .WithKeyRingCertificate(keyRingCertificate)
    .WithSealingKey(sealingKey)
    .WithTwenty(infrastructure.Twenty, builder.Configuration)
    // Not for Directus or the CMS schema step: the Api serves without them (the CMS pages answer 503 until Directus
    // does, then fill), as it must in a deployment, and the start is seconds shorter.
    .WaitForCompletion(migrations)
    .WaitFor(redis)
    .WithDeploymentShape(replicas);

cmsSchema.WithCmsWebhookTo(infrastructure, api.GetEndpoint("http"));

var web = builder.AddProject<Projects.Portal_Web>("web")
    .WithExternalHttpEndpoints()
    .WithReference(api)
    .WithReference(redis)
    .WithKeyRingCertificate(webKeyRingCertificate)
    // Not for the Api: the Web starts beside it and its pages wait for the Api as they would after an Api restart.
    .WaitFor(redis)
    .WithDeploymentShape(replicas);

// Stripe Checkout sends clients back to the web; the web's canonical links name it too.
api.WithEnvironment("Portal__PublicUrl", web.GetEndpoint("http"));
web.WithEnvironment("Portal__PublicUrl", web.GetEndpoint("http"));

// The outbox dispatcher, reminders, the nightly backup and (later) calendar sync; emails link back to the web.
builder.AddProject<Projects.Portal_Worker>("worker")
    .WithReference(portalDb)
    .WithReference(redis)
    .WithIntegrationSecrets()
    .WithKeyRingCertificate(keyRingCertificate)
    .WithSealingKey(sealingKey)
    .WithEnvironment("Portal__PublicUrl", web.GetEndpoint("http"))
    .WithTwenty(infrastructure.Twenty, builder.Configuration)
    .WithLocalMailFolder()
    .WithBackups(infrastructure)
    .WaitForCompletion(migrations)
    .WaitFor(redis)
    .WithDeploymentShape(replicas);

builder.RunProjectsFromTheirBuild();

builder.Build().Run();
