using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// The errors a test app's server logged, kept so that a 5xx a test did not expect says why.
/// The test server answers an unhandled exception with a bare 500, and the console it logs to is
/// not shown by the test runner: without this, a failure far from the developer's machine names a
/// status and nothing else.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Kept = 8;
    private readonly ConcurrentQueue<string> errors = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The newest errors, newest last, each on one line.</summary>
    public IReadOnlyList<string> Newest(int count) => [.. errors.TakeLast(count)];

    public void Dispose()
    {
    }

    private void Add(string error)
    {
        errors.Enqueue(error);
        while (errors.Count > Kept && errors.TryDequeue(out _))
        {
        }
    }

    /// <summary>One line: the category, the message, the exception's type and message and where it was thrown.</summary>
    private static string OneLine(string category, string message, Exception? exception)
    {
        var text = $"{category}: {message}";
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            var frame = inner.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(f => f.Contains("Rapport.", StringComparison.Ordinal));
            text += $" | {inner.GetType().FullName}: {inner.Message} {frame}";
        }

        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed class Logger(ServerErrors owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(OneLine(category, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>
/// Puts the server's newest logged errors into a 5xx response's reason phrase, which is what
/// <see cref="HttpResponseMessage.EnsureSuccessStatusCode"/> and the tests' status asserts print.
/// The status and body are left as they are, so tests that expect a 5xx see what they saw before.
/// </summary>
public sealed class ServerErrorReason(ServerErrors errors) : DelegatingHandler
{
    private const int MaxLength = 2000;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode >= HttpStatusCode.InternalServerError)
        {
            var logged = errors.Newest(2);
            var reason = $"{response.ReasonPhrase}; the server logged: {(logged.Count == 0 ? "no error" : string.Join(" || ", logged))}";
            response.ReasonPhrase = reason.Length > MaxLength ? reason[..MaxLength] : reason;
        }

        return response;
    }
}
