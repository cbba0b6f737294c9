using System.Collections.Concurrent;
using System.Text.Json;
using Rapport.Collab;

namespace Rapport.Features.Rooms;

/// <summary>
/// The live pads of this server, one <see cref="SharedDocument"/> per interview, each rebuilt
/// from the room log when first needed (after a restart too), and let go once nobody has used it
/// for <see cref="IdleExpiry"/>: a pad keeps every update of its interview, and a server that
/// hosts interviews day after day would otherwise keep all of them.
/// </summary>
/// <remarks>
/// A pad is built, and let go, only under its lock (<see cref="LockAsync"/>), the lock every
/// accepted update is committed under. So a pad built from the log never misses an update
/// committed meanwhile, and a push never applies its update to a pad that was let go in between.
/// A reader without the lock (<see cref="ReadAsync"/>) holding a pad that is let go sees a prefix
/// of the log, never anything the log does not have.
/// </remarks>
public sealed class PadRegistry : IDisposable
{
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, KeptPad> pads = new();
    private readonly ConcurrentDictionary<Guid, string> languages = new();
    private readonly RoomLocks locks = new();
    private readonly TimeProvider time;
    private readonly ITimer sweeper;
    private long loads;

    public PadRegistry(TimeProvider time)
    {
        this.time = time;
        sweeper = time.CreateTimer(_ => ForgetIdle(), null, SweepEvery, SweepEvery);
    }

    /// <summary>Where everyone's cursor is, per interview.</summary>
    public PadPresence Presence { get; } = new();

    /// <summary>How many times a pad was built from its log.</summary>
    public long Loads => Interlocked.Read(ref loads);

    /// <summary>How many pads are in memory.</summary>
    public int Count => pads.Count;

    /// <summary>The interview's pad, built from the log if it is not in memory. The caller holds the pad's lock.</summary>
    public async Task<SharedDocument> GetAsync(Guid interviewId, RoomLog log, CancellationToken ct)
    {
        if (pads.TryGetValue(interviewId, out var kept))
        {
            return kept.Use(time.GetTimestamp());
        }

        var events = await log.ReadAsync(interviewId, RoomAudience.Everyone, ct);
        if (events.Select(e => e.Payload).OfType<PadLanguageChanged>().LastOrDefault() is { } language)
        {
            languages[interviewId] = language.Language;
        }

        var updates = events.Select(e => e.Payload).OfType<PadUpdated>()
            .Select(u => new PadUpdate(u.Version, u.ClientId, ChangeSet.FromJson(u.Changes)))
            .ToList();
        var pad = SharedDocument.Restore("", updates);
        Interlocked.Increment(ref loads);
        pads[interviewId] = new KeptPad(pad, time.GetTimestamp());
        return pad;
    }

    /// <summary>The interview's pad for reading, for a caller without its lock (which is taken only to build it).</summary>
    public async Task<SharedDocument> ReadAsync(Guid interviewId, RoomLog log, CancellationToken ct)
    {
        if (pads.TryGetValue(interviewId, out var kept))
        {
            return kept.Use(time.GetTimestamp());
        }

        using (await LockAsync(interviewId, ct))
        {
            return await GetAsync(interviewId, log, ct);
        }
    }

    /// <summary>Pushes for one pad are accepted and logged one at a time, so the log's order is the pad's.</summary>
    public Task<IDisposable> LockAsync(Guid interviewId, CancellationToken ct) => locks.EnterAsync(interviewId, ct);

    /// <summary>Forgets a pad whose memory ran ahead of its log; the next use rebuilds it from the log. The caller holds the pad's lock.</summary>
    public void Forget(Guid interviewId) => pads.TryRemove(interviewId, out _);

    /// <summary>The pad's language as last switched, or null when nobody has switched it (the kit's default applies).</summary>
    /// <remarks>Read after <see cref="GetAsync"/>, which restores it from the log.</remarks>
    public string? LanguageOf(Guid interviewId) => languages.GetValueOrDefault(interviewId);

    public void SetLanguage(Guid interviewId, string language) => languages[interviewId] = language;

    /// <summary>
    /// Lets go of every pad nobody has used for <see cref="IdleExpiry"/> and whose lock is free
    /// (one in use now stays, and is looked at again on the next sweep).
    /// </summary>
    public void ForgetIdle()
    {
        var now = time.GetTimestamp();
        foreach (var (interviewId, kept) in pads)
        {
            if (time.GetElapsedTime(kept.UsedAt, now) < IdleExpiry || locks.TryEnter(interviewId) is not { } held)
            {
                continue;
            }

            using (held)
            {
                // Looked at again under the lock: a push may have used it since.
                if (pads.TryGetValue(interviewId, out var current) && current == kept && time.GetElapsedTime(kept.UsedAt, now) >= IdleExpiry)
                {
                    pads.TryRemove(interviewId, out _);
                    languages.TryRemove(interviewId, out _);
                    Presence.ForgetIfEmpty(interviewId);
                }
            }
        }
    }

    public void Dispose() => sweeper.Dispose();

    public static JsonElement Json(ChangeSet changes) => JsonSerializer.SerializeToElement(changes, PadJson.Options);

    private sealed class KeptPad(SharedDocument pad, long usedAt)
    {
        private long usedAt = usedAt;

        public long UsedAt => Volatile.Read(ref usedAt);

        public SharedDocument Use(long now)
        {
            Volatile.Write(ref usedAt, now);
            return pad;
        }
    }
}

public static class PadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new ChangeSetJsonConverter() } };
}
