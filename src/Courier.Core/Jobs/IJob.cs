namespace Courier.Core.Jobs;

/// <summary>A job's processor: one run drains its queue within the run's budget and reports what it did.</summary>
public interface IJob
{
    /// <summary>The catalog name of the job's timer function (for example <c>process-offline-conversions</c>).</summary>
    string Name { get; }

    Task<JobReport> RunAsync(JobRunContext context, CancellationToken cancellationToken);
}
