using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rapport.Tests.Infrastructure;

public sealed record LogEntry(string Category, LogLevel Level, string Message, string Scopes)
{
    public string Text => $"{Category} {Message} {Scopes}";
}

/// <summary>A logger provider that keeps every entry with the scopes it was written in.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<LogEntry> Entries => entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeText = new List<string>();
            owner.scopes.ForEachScope(
                (scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        list.AddRange(pairs.Select(p => $"{p.Key}:{p.Value}"));
                    }
                    else
                    {
                        list.Add(scope?.ToString() ?? "");
                    }
                },
                scopeText);
            owner.entries.Enqueue(new LogEntry(category, logLevel, $"{formatter(state, exception)} {exception}", string.Join(" ", scopeText)));
        }
    }
}
