namespace Portal.Worker.Cms;

/// <summary>
/// <c>Portal.Worker cms-schema</c>: brings Directus to the Portal's schema, makes sure the Flow that tells the Api about
/// changes exists, adds sample content in Development to an empty Directus, then exits. The AppHost runs it as its own
/// resource, started with Directus (it waits for Directus to answer itself), beside the Api; when it changed anything
/// it tells the Api through the webhook, so nothing the Api read before (an empty list while a collection was missing)
/// outlives it.
/// Settings: <c>Cms:DirectusUrl</c> (else the service reference <c>services:directus:http:0</c>), <c>Cms:DirectusToken</c>
/// (the admin token), <c>Cms:ApiToken</c> (the token of the read-only account it sets up for the Api), <c>Cms:WebhookUrl</c>, <c>Cms:WebhookSecret</c> and <c>Cms:SampleContent</c> (default: in Development).
/// </summary>
public static class CmsSchemaCommand
{
    public const string Argument = "cms-schema";

    /// <summary>How long the step waits for Directus to answer: it starts with Directus, whose first start runs its own
    /// migrations (<c>bootstrap</c>, allowed 3 minutes by directus.sh) before the server itself starts.</summary>
    private static readonly TimeSpan DirectusPatience = TimeSpan.FromMinutes(5);

    public static bool IsRequested(string[] args) => args.Contains(Argument, StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CmsSchemaCommand));
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var configuration = builder.Configuration;
        try
        {
            var url = configuration["Cms:DirectusUrl"] ?? configuration["services:directus:http:0"]
                ?? throw new InvalidOperationException("Cms:DirectusUrl (or a reference to the directus resource) is not set.");
            var token = configuration["Cms:DirectusToken"] ?? throw new InvalidOperationException("Cms:DirectusToken is not set.");
            var webhook = new CmsWebhookTarget(
                new Uri(configuration["Cms:WebhookUrl"] ?? throw new InvalidOperationException("Cms:WebhookUrl is not set.")),
                configuration["Cms:WebhookSecret"] ?? throw new InvalidOperationException("Cms:WebhookSecret is not set."));

            var readerToken = configuration["Cms:ApiToken"] ?? throw new InvalidOperationException("Cms:ApiToken (the Api's Directus token) is not set.");
            var outcome = await RunAsync(new Uri(url.TrimEnd('/') + "/"), token, readerToken, webhook, configuration.GetValue("Cms:SampleContent", builder.Environment.IsDevelopment()), TimeProvider.System, stopping);
            logger.LogInformation(
                outcome.ChangedNothing
                    ? "The CMS schema, its Flow and content were already up to date: nothing changed"
                    : "CMS: schema {Schema}, Flow {Flow}, the Api's account {Reader}, sample content {Sample}",
                outcome.SchemaChanged ? "applied" : "unchanged", outcome.Flow, outcome.ReaderChanged ? "set" : "unchanged",
                outcome.SampleContentAdded ? "added" : "not added");
            return 0;
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Bringing Directus to the Portal's schema failed; the CMS pages stay empty until it runs again");
            return 1;
        }
    }

    public static async Task<CmsSchemaOutcome> RunAsync(
        Uri directusUrl, string token, string readerToken, CmsWebhookTarget webhook, bool addSampleContent, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var directus = DirectusAdmin.Create(directusUrl, token);
        await directus.WaitUntilReadyAsync(DirectusPatience, cancellationToken);
        var step = new CmsSchemaStep(directus);
        var schemaChanged = await step.ApplySchemaAsync(CmsSchemaStep.ReadSnapshot(), cancellationToken);
        var flow = await step.EnsureFlowAsync(webhook, cancellationToken);
        var reader = await new CmsReaderAccount(directus).EnsureAsync(readerToken, cancellationToken);
        var sample = addSampleContent && await new CmsSampleContent(directus, time).AddWhenEmptyAsync(cancellationToken);
        var outcome = new CmsSchemaOutcome(schemaChanged, flow, reader, sample);
        if (!outcome.ChangedNothing)
        {
            await step.TellTheApiAsync(webhook, cancellationToken);
        }

        return outcome;
    }
}
