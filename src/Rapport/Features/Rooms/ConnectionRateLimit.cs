using Microsoft.AspNetCore.SignalR;

namespace Rapport.Features.Rooms;

/// <summary>
/// A token bucket per hub connection: a burst of <see cref="Burst"/> calls, refilled at
/// <see cref="PerSecond"/> a second. A caller over the limit gets a clear error for that call, and
/// nobody else hears of it. Together with SignalR running one call per connection at a time, a
/// flooding connection only queues behind itself: refused calls cost no pad lock and no database.
/// </summary>
public sealed class ConnectionRateLimit(TimeProvider time) : IHubFilter
{
    public const int Burst = 60;
    public const int PerSecond = 20;
    private const string BucketKey = "rate-limit";

    public static string Refusal => $"Too many messages from this connection: the room takes at most {PerSecond} a second (bursts of {Burst}). "
        + "This one was not processed; your editor sends pending edits again by itself.";

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var items = invocationContext.Context.Items;
        if (!items.TryGetValue(BucketKey, out var stored) || stored is not Bucket bucket)
        {
            bucket = new Bucket(Burst, time.GetTimestamp());
            items[BucketKey] = bucket;
        }

        return bucket.TryTake(time) ? next(invocationContext) : throw new HubException(Refusal);
    }

    /// <summary>Calls of one connection run one at a time, but the lock keeps the bucket honest if that setting ever changes.</summary>
    private sealed class Bucket(double tokens, long stamp)
    {
        private readonly Lock gate = new();

        public bool TryTake(TimeProvider time)
        {
            lock (gate)
            {
                var now = time.GetTimestamp();
                tokens = Math.Min(Burst, tokens + (time.GetElapsedTime(stamp, now).TotalSeconds * PerSecond));
                stamp = now;
                if (tokens < 1)
                {
                    return false;
                }

                tokens--;
                return true;
            }
        }
    }
}
