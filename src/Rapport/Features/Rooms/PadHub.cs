using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Collab;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

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

public interface IPadClient : IEndedConnectionClient
{
    /// <summary>Accepted updates, in version order; every editor applies them one at a time.</summary>
    Task PadUpdated(IReadOnlyList<PadUpdateMessage> updates);

    /// <summary>Someone else moved their cursor; positions are at the given version, after every update sent before it.</summary>
    Task CursorMoved(PadCursorView cursor);

    /// <summary>Someone closed the pad; their cursor goes away.</summary>
    Task CursorLeft(string clientId);

    Task LanguageSwitched(PadLanguageView language);
}

/// <summary>
/// The shared pad over @codemirror/collab's protocol, with <see cref="SharedDocument"/> as the
/// authority. Each accepted update is in the room log before anyone hears of it.
/// </summary>
[Authorize(Policy = Policies.RoomParticipant)]
public sealed partial class PadHub(AppDbContext db, RoomLog log, PadRegistry pads, PinnedMaterials materials, TimeProvider time) : Hub<IPadClient>
{
    public const string Path = "/hubs/pad";
    public const int MaxDocumentLength = 200_000;
    public const int MaxUpdatesPerPush = 200;

    /// <summary>
    /// A whole pad of the largest size, even with every character escaped in JSON, fits in one
    /// message; the room hub keeps the smaller default of the app.
    /// </summary>
    public const int MaxMessageBytes = 2 * 1024 * 1024;
    private const string PadKey = "pad";
    private const string ClientKey = "client";
    private const string PersonKey = "person";

    public static string Pad(Guid interviewId) => $"pad:{interviewId}";

    /// <summary>The candidate opens the pad of the interview their link opens.</summary>
    public Task<PadOpened> OpenAsCandidate() =>
        Open(Context.User?.InterviewId() ?? throw new HubException("Open the pad from your interview link."));

    public async Task<PadOpened> Open(Guid interviewId)
    {
        await AuthorizeAsync(interviewId);
        var person = await PersonAsync(interviewId);
        var material = await materials.OfAsync(db, interviewId, Context.ConnectionAborted);
        var question = await CurrentQuestionAsync(interviewId, material);
        if (Context.Items.TryGetValue(ClientKey, out var previous) && previous is string retired && Context.Items[PadKey] is Guid previousPad)
        {
            // Opening again on the same connection (an editor starting afresh) retires the old client id and its cursor.
            pads.Presence.Remove(previousPad, retired);
            await Clients.OthersInGroup(Pad(previousPad)).CursorLeft(retired);
        }

        var clientId = SharedDocument.NewClientId();
        Context.Items[PadKey] = interviewId;
        Context.Items[ClientKey] = clientId;
        Context.Items[PersonKey] = person;
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
        var (interviewId, clientId) = Opened();
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

        var person = Person();
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
            return await AcceptAsync(interviewId, pad, clientId, version, pushed, person, person.Role);
        }
    }

    /// <summary>
    /// Accepts updates into the pad: checks and rebases them, commits them to the room log in one
    /// transaction, and only then applies them to the pad in memory and tells everyone, so nothing
    /// leaves the server (a broadcast, a pull, an opening editor's snapshot) that a crash could
    /// lose. Call under the pad's lock, which keeps the pad still from preparing to committing.
    /// <paramref name="by"/> is whose text it is: the person's, or the system's for starter code.
    /// </summary>
    private async Task<PadPushed> AcceptAsync(Guid interviewId, SharedDocument pad, string clientId, int version, IReadOnlyList<PushedUpdate> pushed, PadPerson person, RoomActor by)
    {
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

        try
        {
            // Not the connection's token: once the edit is on its way to the log it must get there even if the sender leaves.
            await log.AppendAllAsync(interviewId, [.. result.Accepted.Select(u => new PadUpdated(u.BaseVersion, u.ClientId, PadRegistry.Json(u.Changes), by))], person.Role, person.UserId, CancellationToken.None);
        }
        catch
        {
            // Whether or not the transaction reached the disk, the log is the truth: read the pad from it again.
            pads.Forget(interviewId);
            throw;
        }

        pad.Commit(prepared);
        await Clients.Group(Pad(interviewId)).PadUpdated([.. result.Accepted.Select(u => new PadUpdateMessage(u.BaseVersion, u.ClientId, PadRegistry.Json(u.Changes)))]);
        return new PadPushed(true, result.Version, null);
    }

    public async Task<IReadOnlyList<PadUpdateMessage>> Pull(int version)
    {
        var (interviewId, _) = Opened();
        var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
        if (version < 0 || version > pad.Version)
        {
            throw new HubException($"There is no version {version}; the pad is at version {pad.Version}.");
        }

        return [.. pad.Pull(version).Select(u => new PadUpdateMessage(u.BaseVersion, u.ClientId, PadRegistry.Json(u.Changes)))];
    }

    /// <summary>The cursor of a connection that goes away goes away for everyone else too.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(PadKey, out var id) && Context.Items.TryGetValue(ClientKey, out var client))
        {
            pads.Presence.Remove((Guid)id!, (string)client!);
            await Clients.OthersInGroup(Pad((Guid)id!)).CursorLeft((string)client!);
        }

        await base.OnDisconnectedAsync(exception);
    }

    private PadPerson Person() => (PadPerson)Context.Items[PersonKey]!;

    /// <summary>The name others see by this connection's cursor: the candidate's, or the interviewer's own.</summary>
    private async Task<PadPerson> PersonAsync(Guid interviewId)
    {
        var user = Context.User!;
        if (user.InterviewId() is not null)
        {
            var candidate = await db.Interviews.Where(i => i.Id == interviewId).Select(i => i.Loop!.Candidate!.PreferredName ?? i.Loop.Candidate.Name).SingleAsync(Context.ConnectionAborted);
            return new PadPerson(candidate, PadPerson.ColourFor(RoomActor.Candidate, null), RoomActor.Candidate, null);
        }

        var userId = user.UserId();
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(Context.ConnectionAborted) ?? "Interviewer";
        return new PadPerson(name, PadPerson.ColourFor(RoomActor.Interviewer, userId), RoomActor.Interviewer, userId);
    }

    private (Guid InterviewId, string ClientId) Opened() =>
        Context.Items.TryGetValue(PadKey, out var id) && Context.Items.TryGetValue(ClientKey, out var client)
            ? ((Guid)id!, (string)client!)
            : throw new HubException("Open the pad first.");

    /// <summary>The candidate of this interview (by link) or its panel; anyone else gets the same refusal.</summary>
    private async Task AuthorizeAsync(Guid interviewId)
    {
        var user = Context.User;
        if (user?.InterviewId() is { } candidateOf)
        {
            if (candidateOf == interviewId)
            {
                // The room closes for the candidate when the interview ends; their link still opens their page.
                if (await db.Interviews.AnyAsync(i => i.Id == interviewId && (i.Status == InterviewStatus.Ended || i.Status == InterviewStatus.Cancelled), Context.ConnectionAborted))
                {
                    throw new HubException(CandidateConnections.EndedMessage);
                }

                return;
            }
        }
        else if (user is not null && StaffRoles.All.Any(user.IsInRole)
            && await db.Interviews.VisibleTo(user).AnyAsync(i => i.Id == interviewId, Context.ConnectionAborted))
        {
            return;
        }

        throw new HubException("This pad is not open to you.");
    }
}
