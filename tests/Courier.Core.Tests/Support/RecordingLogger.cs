using Microsoft.Extensions.Logging;

namespace Courier.Core.Tests.Support;

/// <summary>Keeps every log entry's message and structured values as text, so a test can search them for a leaked secret.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public List<string> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" | ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        Entries.Add($"{logLevel} {eventId.Name}: {formatter(state, exception)} [{values}] {exception}");
    }
}
