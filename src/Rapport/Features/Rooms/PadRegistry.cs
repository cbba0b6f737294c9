using System.Collections.Concurrent;
using System.Text.Json;
using Rapport.Collab;

namespace Rapport.Features.Rooms;

/// <summary>
/// The live pads of this server, one <see cref="SharedDocument"/> per interview, each rebuilt
/// from the room log when first needed (after a restart too).
/// </summary>
public sealed class PadRegistry
{
    private readonly ConcurrentDictionary<Guid, SharedDocument> pads = new();
    private readonly ConcurrentDictionary<Guid, string> languages = new();
    private readonly RoomLocks locks = new();

    /// <summary>Where everyone's cursor is, per interview.</summary>
    public PadPresence Presence { get; } = new();

    public async Task<SharedDocument> GetAsync(Guid interviewId, RoomLog log, CancellationToken ct)
    {
        if (pads.TryGetValue(interviewId, out var pad))
        {
            return pad;
        }

        var events = await log.ReadAsync(interviewId, RoomAudience.Everyone, ct);
        if (events.Select(e => e.Payload).OfType<PadLanguageChanged>().LastOrDefault() is { } language)
        {
            languages.TryAdd(interviewId, language.Language);
        }

        var updates = events.Select(e => e.Payload).OfType<PadUpdated>()
            .Select(u => new PadUpdate(u.Version, u.ClientId, ChangeSet.FromJson(u.Changes)))
            .ToList();
        return pads.GetOrAdd(interviewId, _ => SharedDocument.Restore("", updates));
    }

    /// <summary>Pushes for one pad are accepted and logged one at a time, so the log's order is the pad's.</summary>
    public Task<IDisposable> LockAsync(Guid interviewId, CancellationToken ct) => locks.EnterAsync(interviewId, ct);

    /// <summary>Forgets a pad whose memory ran ahead of its log; the next use rebuilds it from the log.</summary>
    public void Forget(Guid interviewId) => pads.TryRemove(interviewId, out _);

    /// <summary>The pad's language as last switched, or null when nobody has switched it (the kit's default applies).</summary>
    /// <remarks>Read after <see cref="GetAsync"/>, which restores it from the log.</remarks>
    public string? LanguageOf(Guid interviewId) => languages.GetValueOrDefault(interviewId);

    public void SetLanguage(Guid interviewId, string language) => languages[interviewId] = language;

    public static JsonElement Json(ChangeSet changes) => JsonSerializer.SerializeToElement(changes, PadJson.Options);
}

public static class PadJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new ChangeSetJsonConverter() } };
}
