using Courier.Hosting.Jobs;
using Microsoft.Extensions.Hosting;

namespace Courier.Hosting.Hosting;

/// <summary>Runs <see cref="JobRegistrationVerifier"/> when either host starts, so a mis-wired job stops start-up with a message naming it.</summary>
public sealed class StartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        JobRegistrationVerifier.Verify(services);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
