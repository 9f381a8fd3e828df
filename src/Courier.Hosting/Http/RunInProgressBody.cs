namespace Courier.Hosting.Http;

/// <summary>The body of a run refused because another run of the job holds its lease.</summary>
/// <param name="RunId">The run holding the lease.</param>
public sealed record RunInProgressBody(string? RunId)
{
    public bool Ok => false;

    public string Error => "run_in_progress";
}
