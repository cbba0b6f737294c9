using System.Collections.Concurrent;
using Rapport.Collab;

namespace Rapport.Features.Rooms;

/// <summary>
/// Someone's cursor or selection in the pad, in the text as it stood at <see cref="Version"/>.
/// <see cref="Colour"/> picks one of the pad's palette entries (the browser owns the actual
/// colours, so they can follow the theme and contrast settings).
/// </summary>
public sealed record PadCursorView(string ClientId, string Name, int Colour, int Version, int Anchor, int Head);

/// <summary>
/// The last known cursor of every open pad connection of one interview, so a participant who
/// opens the pad sees where the others are before anyone moves. Kept in memory only: cursors are
/// presence, not history (the log keeps samples of them).
/// </summary>
public sealed class PadPresence
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, PadCursorView>> rooms = new();

    public void Set(Guid interviewId, PadCursorView cursor) =>
        rooms.GetOrAdd(interviewId, _ => new())[cursor.ClientId] = cursor;

    public void Remove(Guid interviewId, string clientId)
    {
        if (rooms.TryGetValue(interviewId, out var cursors))
        {
            cursors.TryRemove(clientId, out _);
        }
    }

    /// <summary>Drops an interview with no cursors left; cursors are set under the pad's lock, which the caller holds.</summary>
    public void ForgetIfEmpty(Guid interviewId)
    {
        if (rooms.TryGetValue(interviewId, out var cursors) && cursors.IsEmpty)
        {
            rooms.TryRemove(KeyValuePair.Create(interviewId, cursors));
        }
    }

    /// <summary>Every known cursor but the caller's, mapped to the pad's current version.</summary>
    public IReadOnlyList<PadCursorView> Current(Guid interviewId, SharedDocument pad, string exceptClientId)
    {
        if (!rooms.TryGetValue(interviewId, out var cursors))
        {
            return [];
        }

        var version = pad.Version;
        return [.. cursors.Values.Where(c => c.ClientId != exceptClientId && c.Version <= version).Select(c => MapToCurrent(c, pad))];
    }

    /// <summary>Maps a cursor from the version it was given at over every update since, as each editor maps its own.</summary>
    public static PadCursorView MapToCurrent(PadCursorView cursor, SharedDocument pad)
    {
        var selection = new PadSelection(cursor.Anchor, cursor.Head);
        var updates = pad.Pull(cursor.Version);
        foreach (var update in updates)
        {
            selection = selection.Map(update.Changes);
        }

        return cursor with { Version = cursor.Version + updates.Count, Anchor = selection.Anchor, Head = selection.Head };
    }
}
