namespace Courier.Functions.Handler;

/// <summary>The log lines captured by one <see cref="RunLogCapture.Begin"/> scope, in order; dispose to stop capturing.</summary>
public sealed class CapturedRunLog : IDisposable
{
    private readonly CapturedRunLog? _outer;
    private readonly List<string> _lines = [];

    internal CapturedRunLog(CapturedRunLog? outer) => _outer = outer;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToList();
        }
    }

    public void Dispose() => RunLogCapture.Current.Value = _outer;

    internal void Add(string line)
    {
        lock (_lines) _lines.Add(line);
    }
}
