using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Sealing;

namespace Portal.Core.Content;

public static class ContentRegistration
{
    /// <summary>The library (its files sealed with the sealing key) and its settings (<c>Content</c>).</summary>
    public static IHostApplicationBuilder AddContentLibrary(this IHostApplicationBuilder builder)
    {
        builder.AddSealing();
        builder.Services.AddOptions<ContentOptions>().Bind(builder.Configuration.GetSection(ContentOptions.Section))
            .Validate(o => o.MaxUploadBytes is > 0 and <= 2L * 1024 * 1024 * 1024, "Content:MaxUploadBytes must be between 1 byte and 2 GB.")
            .ValidateOnStart();
        builder.Services.AddScoped<ContentLibrary>();
        return builder;
    }
}
