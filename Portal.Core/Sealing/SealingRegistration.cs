using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Core.Sealing;

public static class SealingRegistration
{
    /// <summary>The sealer, for the services that read or write clinical data; they refuse to start without a key.</summary>
    public static IHostApplicationBuilder AddSealing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SealingKeys>().Bind(builder.Configuration.GetSection(SealingKeys.Section)).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SealingKeys>, SealingKeysValidation>());
        builder.Services.TryAddSingleton<Sealer>();
        return builder;
    }
}
