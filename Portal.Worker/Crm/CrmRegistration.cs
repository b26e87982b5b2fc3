using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Portal.Core.Crm;
using Portal.Core.Outbox;
using Portal.Worker.Outbox;

namespace Portal.Worker.Crm;

/// <summary>Section <c>Twenty</c>, the Worker's part.</summary>
public sealed class TwentyOptions
{
    /// <summary>The custom People field (text) the client's stage is written to; empty to leave stages out.</summary>
    public string StageField { get; set; } = "portalStage";
}

public static class CrmRegistration
{
    /// <summary>Twenty's typed client (with the standard resilience of every HttpClient) and the outbox handlers that use it.</summary>
    public static IHostApplicationBuilder AddTwentyCrm(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TwentyOptions>(builder.Configuration.GetSection(TwentySettings.Section));
        builder.Services.AddHttpClient<TwentyClient>((services, http) =>
        {
            var twenty = services.GetRequiredService<IOptions<TwentySettings>>().Value;
            if (twenty.BaseUrl is { } baseUrl)
            {
                http.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
            }

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", twenty.ApiKey);
        });
        builder.Services.AddScoped<TwentyPeople>();
        builder.Services.AddKeyedScoped<IOutboxHandler, CrmPersonHandler>(OutboxTypes.CrmPerson);
        builder.Services.AddKeyedScoped<IOutboxHandler, CrmBookingNoteHandler>(OutboxTypes.CrmBookingNote);
        builder.Services.AddKeyedScoped<IOutboxHandler, CrmPersonErasureHandler>(OutboxTypes.CrmPersonErasure);
        return builder;
    }
}
