using Courier.Core.Jobs;

namespace Courier.Core.Tests.Support;

/// <summary>A job whose run is a lambda, for runner tests.</summary>
internal sealed class DelegateJob(string name, Func<JobRunContext, CancellationToken, Task<JobReport>> run) : IJob
{
    public string Name => name;

    public Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
