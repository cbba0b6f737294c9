namespace Rapport.Tests.Infrastructure;

/// <summary>Waits, in real time, for what the app does in the background (the mail sender).</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Reads until <paramref name="done"/> holds; <paramref name="betweenReads"/> may move the app's fake clock on.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, Action? betweenReads = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                Assert.Fail($"Still not {what} after {Timeout.TotalSeconds} seconds; last read: {Describe(value)}");
            }

            betweenReads?.Invoke();
            await Task.Delay(50);
        }
    }

    private static string Describe<T>(T value) => value is System.Collections.IEnumerable items and not string
        ? $"[{string.Join(", ", items.Cast<object>())}]"
        : $"{value}";
}
