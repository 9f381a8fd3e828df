using Microsoft.Extensions.Logging;

namespace Courier.Functions.Handler;

/// <summary>
/// A logger provider that copies the log lines written inside a <see cref="Begin"/> scope (and the async flow it
/// starts) into that scope, so a custom-handler reply can carry the run's log lines in <c>Logs</c>.
/// </summary>
public sealed class RunLogCapture : ILoggerProvider
{
    internal static readonly AsyncLocal<CapturedRunLog?> Current = new();

    /// <summary>Starts capturing for the current async flow; dispose to stop.</summary>
    public static CapturedRunLog Begin()
    {
        var capture = new CapturedRunLog(Current.Value);
        Current.Value = capture;
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new CaptureLogger();

    public void Dispose()
    {
    }

    private sealed class CaptureLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => Current.Value is not null && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = formatter(state, exception);
            if (exception is not null) line += $" ({exception.GetType().Name}: {exception.Message})";
            Current.Value!.Add(logLevel == LogLevel.Information ? line : $"{logLevel}: {line}");
        }
    }
}
