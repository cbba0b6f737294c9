using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Rapport.Collab;
using Rapport.Data;
using Rapport.Features.Accounts;
using Rapport.Features.Interviews;

namespace Rapport.Features.Rooms;

public sealed record PadOpened(int Version, string Text, string ClientId);

/// <summary>An update as it travels: CodeMirror's ChangeSet JSON and the connection that made it.</summary>
public sealed record PadUpdateMessage(int Version, string ClientId, JsonElement Changes);

public sealed record PadPushed(bool Accepted, int Version, string? Problem);

public interface IPadClient
{
    /// <summary>Accepted updates, in version order; every editor applies them one at a time.</summary>
    Task PadUpdated(IReadOnlyList<PadUpdateMessage> updates);
}

/// <summary>
/// The shared pad over @codemirror/collab's protocol, with <see cref="SharedDocument"/> as the
/// authority. Each accepted update is in the room log before anyone hears of it.
/// </summary>
[Authorize(Policy = Policies.RoomParticipant)]
public sealed class PadHub(AppDbContext db, RoomLog log, PadRegistry pads) : Hub<IPadClient>
{
    public const string Path = "/hubs/pad";
    public const int MaxDocumentLength = 200_000;
    public const int MaxUpdatesPerPush = 200;
    private const string PadKey = "pad";
    private const string ClientKey = "client";

    public static string Pad(Guid interviewId) => $"pad:{interviewId}";

    /// <summary>The candidate opens the pad of the interview their link opens.</summary>
    public Task<PadOpened> OpenAsCandidate() =>
        Open(Context.User?.InterviewId() ?? throw new HubException("Open the pad from your interview link."));

    public async Task<PadOpened> Open(Guid interviewId)
    {
        await AuthorizeAsync(interviewId);
        var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
        var clientId = SharedDocument.NewClientId();
        Context.Items[PadKey] = interviewId;
        Context.Items[ClientKey] = clientId;
        await Groups.AddToGroupAsync(Context.ConnectionId, Pad(interviewId), Context.ConnectionAborted);
        var snapshot = pad.Snapshot();
        return new PadOpened(snapshot.Version, snapshot.Text, clientId);
    }

    public async Task<PadPushed> Push(int version, IReadOnlyList<JsonElement> changes)
    {
        var (interviewId, clientId) = Opened();
        if (changes.Count is 0 or > MaxUpdatesPerPush)
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

        var user = Context.User!;
        var actor = user.InterviewId() is null ? RoomActor.Interviewer : RoomActor.Candidate;
        var actorId = actor == RoomActor.Interviewer ? user.UserId() : null;
        using (await pads.LockAsync(interviewId, Context.ConnectionAborted))
        {
            var pad = await pads.GetAsync(interviewId, log, Context.ConnectionAborted);
            var result = pad.Push(clientId, version, pushed);
            if (!result.IsAccepted)
            {
                return new PadPushed(false, result.Version, result.Rejection);
            }

            if (pad.Snapshot().Text.Length > MaxDocumentLength)
            {
                // Too late to refuse in memory: rebuild from the log, which never got these updates.
                pads.Forget(interviewId);
                return new PadPushed(false, version, $"The pad is limited to {MaxDocumentLength:N0} characters.");
            }

            try
            {
                foreach (var update in result.Accepted)
                {
                    // Not the connection's token: once accepted in memory, the edit must reach the log even if the sender leaves.
                    await log.AppendAsync(interviewId, new PadUpdated(update.BaseVersion, update.ClientId, PadRegistry.Json(update.Changes), actor), actor, actorId, CancellationToken.None);
                }
            }
            catch
            {
                pads.Forget(interviewId);
                throw;
            }

            await Clients.Group(Pad(interviewId)).PadUpdated([.. result.Accepted.Select(u => new PadUpdateMessage(u.BaseVersion, u.ClientId, PadRegistry.Json(u.Changes)))]);
            return new PadPushed(true, result.Version, null);
        }
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
