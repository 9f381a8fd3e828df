using Courier.Core.Jobs.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.Recovery;

/// <summary>Wires job 4, <c>recover-processing</c>: its options (section <c>Recovery</c>, validated at start-up) and its processor.</summary>
public static class RecoveryServiceCollectionExtensions
{
    public static IServiceCollection AddRecovery(this IServiceCollection services)
    {
        services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecoveryOptions>, RecoveryOptionsValidator>());
        return services.AddCourierJob<RecoveryProcessor>(RecoveryJob.Descriptor).Services;
    }
}
