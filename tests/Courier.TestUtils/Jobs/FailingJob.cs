using Courier.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.TestUtils.Jobs;

/// <summary>A job that logs a line and then throws.</summary>
public sealed partial class FailingJob([ServiceKey] string name, ILogger<FailingJob> logger) : IJob
{
    public string Name => name;

    public Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        LogAboutToFail(logger, name);
        throw new InvalidOperationException("boom");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} is about to fail")]
    private static partial void LogAboutToFail(ILogger logger, string job);
}
