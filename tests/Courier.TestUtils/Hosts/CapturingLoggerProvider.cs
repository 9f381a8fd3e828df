using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Courier.TestUtils.Hosts;

/// <summary>Captures every log line (message, exception and scope values) a host writes, at every level its filters let through.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines => _lines.ToList();

    /// <summary>How many captured lines contain <paramref name="text"/>.</summary>
    public int Count(string text) => _lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}[{eventId.Name}] {formatter(state, exception)} {exception}";
            if (state is IEnumerable<KeyValuePair<string, object?>> values) line += " " + string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
            var scopes = new List<string>();
            owner._scopes?.ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(" ", kv.Select(v => $"{v.Key}={v.Value}")) : scope?.ToString() ?? ""), scopes);
            owner._lines.Enqueue(line + " " + string.Join(" | ", scopes));
        }
    }
}
