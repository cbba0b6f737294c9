using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Rapport.Collab;

namespace Rapport.Features.Rooms;

/// <summary>The pad as it stands when a connection opens it: text, language, and where the others' cursors are.</summary>
public sealed record PadOpened(
    int Version,
    string Text,
    string ClientId,
    string Language,
    IReadOnlyList<PadLanguage> Languages,
    IReadOnlyList<PadCursorView> Cursors,
    int MaxDocumentLength);

/// <summary>An update as it travels: CodeMirror's ChangeSet JSON and the connection that made it.</summary>
public sealed record PadUpdateMessage(int Version, string ClientId, JsonElement Changes);

public sealed record PadPushed(bool Accepted, int Version, string? Problem);

/// <summary>
/// The shared pad over @codemirror/collab's protocol, with <see cref="SharedDocument"/> as the
/// authority, on the room's connection: a connection opens the pad of the room it joined. Each
/// accepted update is in the room log before anyone hears of it.
/// </summary>
public sealed partial class RoomHub
{
    public const int MaxDocumentLength = 200_000;
    public const int MaxUpdatesPerPush = 200;

    public const string PadMovedOn = "The pad moved on while this edit was on its way; your editor sends it again on top of the newest version.";

    /// <summary>
    /// Opens the pad of the room this connection joined. Opening again on the same connection (an
    /// editor starting afresh) retires the old client id and its cursor.
    /// </summary>
    public async Task<PadOpened> OpenPad()
    {
        var caller = await InRoomAsync();
        var interviewId = caller.InterviewId;
        var material = await MaterialAsync(interviewId, Context.ConnectionAborted);
        var question = await CurrentQuestionAsync(interviewId, material);
        if (caller.PadClientId is { } retired)
        {
            await ClosePadAsync(interviewId, retired);
        }

        var clientId = SharedDocument.NewClientId();
        caller.PadClientId = clientId;
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            // Under the pad's lock, so no update or cursor slips between the snapshot and joining the group.
            var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
            await Groups.AddToGroupAsync(Context.ConnectionId, Pad(interviewId), Context.ConnectionAborted);
            var snapshot = pad.Snapshot();
            var cursors = pads.Presence.Current(interviewId, pad, clientId).Where(c => c.Version == snapshot.Version).ToList();
            return new PadOpened(snapshot.Version, snapshot.Text, clientId, LanguageOf(interviewId, material), PadLanguages.Allowed(material, question), cursors, MaxDocumentLength);
        }
    }

    public async Task<PadPushed> Push(int version, IReadOnlyList<JsonElement>? changes)
    {
        var (caller, clientId) = await PadActingAsync();
        if (changes is null || changes.Count is 0 or > MaxUpdatesPerPush)
        {
            return new PadPushed(false, version, $"Send between 1 and {MaxUpdatesPerPush} updates at a time.");
        }

        List<PushedUpdate> pushed;
        try
        {
            pushed = [.. changes.Select(c => new PushedUpdate(ChangeSet.FromJson(c)))];
        }
        catch (InvalidChangeSetException e)
        {
            return new PadPushed(false, version, $"That edit could not be read: {e.Message}");
        }

        using (await pads.LockAsync(caller.InterviewId, Context.ConnectionAborted))
        {
            var pad = await pads.GetAsync(caller.InterviewId, log, Context.ConnectionAborted);
            return await AcceptAsync(pad, clientId, version, pushed, caller.Member, caller.Member.Role);
        }
    }

    public async Task<IReadOnlyList<PadUpdateMessage>> Pull(int version)
    {
        var (caller, _) = await PadOpenAsync();
        var pad = await pads.ReadAsync(caller.InterviewId, log, Context.ConnectionAborted);
        if (version < 0 || version > pad.Version)
        {
            throw new HubException($"There is no version {version}; the pad is at version {pad.Version}.");
        }

        return [.. pad.Pull(version).Select(u => new PadUpdateMessage(u.BaseVersion, u.ClientId, PadRegistry.Json(u.Changes)))];
    }

    /// <summary>
    /// Accepts updates into the pad: checks and rebases them, commits them to the room log in one
    /// transaction, and only then applies them to the pad in memory and tells everyone, so nothing
    /// leaves the server (a broadcast, a pull, an opening editor's snapshot) that a crash could
    /// lose. Call under the pad's lock, which keeps the pad still from preparing to committing.
    /// <paramref name="by"/> is whose text it is: the person's, or the system's for starter code.
    /// </summary>
    private async Task<PadPushed> AcceptAsync(SharedDocument pad, string clientId, int version, IReadOnlyList<PushedUpdate> pushed, RoomMember member, RoomActor by)
    {
        var interviewId = member.InterviewId;
        var prepared = pad.Prepare(clientId, version, pushed);
        var result = prepared.Result;
        if (!result.IsAccepted)
        {
            return new PadPushed(false, result.Version, result.Rejection);
        }

        if (prepared.NewLength > MaxDocumentLength)
        {
            return new PadPushed(false, pad.Version, $"The pad is limited to {MaxDocumentLength:N0} characters.");
        }

        if (result.Accepted.Count == 0)
        {
            // Everything pushed had been accepted before (a re-send): nothing new to store or tell.
            return new PadPushed(true, result.Version, null);
        }

        // Each update's JSON once, for the log and for everyone in the room.
        var accepted = result.Accepted.Select(u => new PadUpdateMessage(u.BaseVersion, u.ClientId, PadRegistry.Json(u.Changes))).ToList();
        try
        {
            // Not the connection's token: once the edit is on its way to the log it must get there even if the sender leaves.
            await log.AppendAllAsync(interviewId, [.. accepted.Select(u => new PadUpdated(u.Version, u.ClientId, u.Changes, by))], member.Role, member.UserId, CancellationToken.None);
        }
        catch (Exception refused) when (refused is PadVersionTakenException || Data.UniqueViolation.Is(refused))
        {
            // The log already holds an update of this version: written by another server that held the
            // room meanwhile (ADR 16), as the writer or PostgreSQL's index found. This pad lags the log;
            // read it again, and the editor rebases and resends.
            pads.Forget(interviewId);
            return new PadPushed(false, pad.Version, PadMovedOn);
        }
        catch
        {
            // Whether or not the transaction reached the disk, the log is the truth: read the pad from it again.
            pads.Forget(interviewId);
            throw;
        }

        pad.Commit(prepared);
        await Clients.Group(Pad(interviewId)).PadUpdated(accepted);
        return new PadPushed(true, result.Version, null);
    }

    /// <summary>The pad this connection opened; a connection that has not joined, or not opened one, is refused for that.</summary>
    private async Task<(RoomCaller Caller, string ClientId)> PadOpenAsync()
    {
        var caller = await InRoomAsync();
        return caller.PadClientId is { } clientId ? (caller, clientId) : throw new HubException(RoomAccess.PadNotOpen);
    }

    /// <summary>The pad this connection opened, when it may also change it (<see cref="RoomLead"/>): a shadow, or staff while someone else leads, is refused.</summary>
    private async Task<(RoomCaller Caller, string ClientId)> PadActingAsync()
    {
        var (caller, clientId) = await PadOpenAsync();
        await MustActAsync(caller);
        return (caller, clientId);
    }

    /// <summary>This connection's editor went away (closed, or opened afresh): its cursor goes away for everyone else too.</summary>
    private async Task ClosePadAsync(Guid interviewId, string clientId)
    {
        pads.Presence.Remove(interviewId, clientId);
        await Clients.OthersInGroup(Pad(interviewId)).CursorLeft(clientId);
    }
}
