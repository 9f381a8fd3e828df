namespace Courier.TestUtils.Jobs;

/// <summary>Holds <see cref="GatedJob"/> runs until the test opens the gate; tells the test when a run has entered.</summary>
public sealed class JobGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public Task Open => _open.Task;

    public void SignalEntered() => _entered.TrySetResult();

    public void Release() => _open.TrySetResult();
}
