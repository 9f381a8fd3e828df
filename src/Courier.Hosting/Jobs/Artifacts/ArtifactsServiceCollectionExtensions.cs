using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;
using Courier.Storage.Artifacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.Artifacts;

/// <summary>Wires job 2, <c>artifact-worker</c>: options (section <c>Artifacts</c>), the blob adapters, the queue, the processor and its API.</summary>
public static class ArtifactsServiceCollectionExtensions
{
    public static IServiceCollection AddArtifacts(this IServiceCollection services)
    {
        services.AddOptions<ArtifactsOptions>().BindConfiguration(ArtifactsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactsOptions>, ArtifactsOptionsValidator>());
        services.AddArtifactsStorage();
        services.AddSingleton(sp => ArtifactsQueue.Definition(sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value.MaxAttempts));
        services.TryAddSingleton<ArtifactsQueue>();
        return services.AddCourierJob(ArtifactsJob.Descriptor, sp => new ArtifactsProcessor(
            sp.GetRequiredService<IQueueStore>(),
            sp.GetRequiredService<IMediaSource>(),
            sp.GetRequiredService<IArchiveStore>(),
            sp.GetRequiredService<IOptions<ArtifactsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            Random.Shared,
            sp.GetRequiredService<ILogger<ArtifactsProcessor>>()))
            .HandleApi(ArtifactsJob.Create, ArtifactsApi.CreateAsync)
            .HandleApi(ArtifactsJob.Get, ArtifactsApi.GetAsync)
            .Services;
    }
}
