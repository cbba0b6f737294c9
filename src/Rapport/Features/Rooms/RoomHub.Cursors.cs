using Microsoft.AspNetCore.SignalR;

namespace Rapport.Features.Rooms;

public sealed partial class RoomHub
{
    /// <summary>How often one connection's cursor goes into the room log: enough to see where work happened, few enough to keep the log small.</summary>
    public static readonly TimeSpan CursorSampleEvery = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The caller's cursor or selection, at <paramref name="version"/> (a version the caller has
    /// with no unconfirmed edits of its own, so the numbers mean the same on the server). The
    /// server maps it over every update since and tells the others.
    /// </summary>
    public async Task MoveCursor(int version, int anchor, int head)
    {
        // Someone who only watches has no cursor in the candidate's pad.
        var (caller, clientId) = await PadActingAsync();
        var interviewId = caller.InterviewId;
        var person = caller.Member;
        PadCursorView cursor;
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
            var snapshot = pad.Snapshot();
            if (version < 0 || version > snapshot.Version)
            {
                throw new HubException($"There is no version {version}; the pad is at version {snapshot.Version}.");
            }

            var length = version == snapshot.Version ? snapshot.Text.Length : pad.Pull(version)[0].Changes.Length;
            if (anchor < 0 || head < 0 || anchor > length || head > length)
            {
                throw new HubException($"A cursor must be within the pad (0 to {length} at version {version}).");
            }

            cursor = PadPresence.MapToCurrent(new PadCursorView(clientId, person.Name, person.Colour, version, anchor, head), pad);
            pads.Presence.Set(interviewId, cursor);
            // Under the lock: every peer gets it after the updates it was mapped over, never before.
            await Clients.OthersInGroup(Pad(interviewId)).CursorMoved(cursor);
        }

        var now = time.GetTimestamp();
        if (caller.CursorSampledAt is { } last && time.GetElapsedTime(last, now) < CursorSampleEvery)
        {
            return;
        }

        caller.CursorSampledAt = now;
        await log.AppendAsync(interviewId, new CursorSampled(cursor.Version, cursor.Anchor, cursor.Head, clientId, person.Role), person.Role, person.UserId, Context.ConnectionAborted);
    }
}
