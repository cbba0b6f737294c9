using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Rapport.Infrastructure;

/// <summary>
/// SignalR logs every exception a hub call or connection ends with as an error with its stack
/// trace, refusals included (<see cref="HubException"/>, the one exception whose message the caller
/// is meant to read). Rapport logs refusals itself, as warnings and once per cause
/// (<see cref="Features.Rooms.HubRefusals"/>), so SignalR's entries for them are dropped here; its
/// entries for every other exception pass untouched. Done by wrapping the logger factory, since
/// SignalR's log categories are its only public handle on them.
/// </summary>
public static class ExpectedRefusalLogging
{
    private static readonly HashSet<string> SignalRCategories = new(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher",
        "Microsoft.AspNetCore.SignalR.HubConnectionHandler",
    };

    public static IServiceCollection AddExpectedRefusalLogging(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(s => new RefusalAwareFactory(new LoggerFactory(
            s.GetServices<ILoggerProvider>(),
            s.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            s.GetService<IOptions<LoggerFactoryOptions>>(),
            s.GetService<IExternalScopeProvider>()))));
        return services;
    }

    private sealed class RefusalAwareFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return SignalRCategories.Contains(categoryName) ? new WithoutRefusals(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class WithoutRefusals(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is HubException)
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
