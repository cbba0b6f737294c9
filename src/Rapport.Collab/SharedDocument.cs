namespace Rapport.Collab;

/// <summary>
/// The authority for one shared pad, speaking @codemirror/collab's protocol: it holds the text
/// and an append-only list of accepted updates, and the version is the list's length. Clients
/// push their unconfirmed updates with the version they last synced to and pull what they have
/// not seen. Thread-safe: one lock per document puts accepted updates in version order.
/// </summary>
/// <remarks>
/// <para>
/// A stale push (its version is behind) is rebased here rather than refused: the pushed changes
/// are mapped over each update the client had not seen, with @codemirror/collab's
/// <c>rebaseUpdates</c>, one unseen update at a time. Mapping over a composition of updates can
/// differ from mapping over them one by one, so clients must likewise apply received updates one
/// at a time (<c>receiveUpdates(state, [update])</c>); then every client converges whatever batches
/// the updates arrive in. docs/adr/0005-collab.md has the counterexample and the reasoning.
/// </para>
/// <para>
/// A client re-sends every unconfirmed update on each push, including ones the server accepted
/// but the client has not yet seen come back; the server recognizes those by client id and drops
/// them. A push on a version older than the client's own accepted edits that does not re-send
/// them is refused rather than guessed at: the server checks that each presumed re-send, mapped
/// as the client mapped it, makes the same edit as the update it accepted.
/// </para>
/// </remarks>
public sealed class SharedDocument
{
    private readonly Lock gate = new();
    private readonly List<PadUpdate> updates = [];
    private readonly string initialText;
    private string text;
    private TaskCompletionSource? nextUpdate;

    /// <summary>Starts a pad at version 0. Line breaks become <c>\n</c>, as in the editor's own document model.</summary>
    public SharedDocument(string initialText)
    {
        ArgumentNullException.ThrowIfNull(initialText);
        this.initialText = text = LineBreaks.Normalize(initialText);
    }

    /// <summary>The current version: how many updates have been accepted.</summary>
    public int Version
    {
        get
        {
            lock (gate)
            {
                return updates.Count;
            }
        }
    }

    /// <summary>
    /// A client id for a new connection. Ids must be unique per connection, not per person: two
    /// tabs of one interviewer are two clients, and re-send detection relies on it. Random rather
    /// than counted so ids never repeat across a restart of the server.
    /// </summary>
    public static string NewClientId() => Guid.NewGuid().ToString("N");

    /// <summary>Rebuilds a pad from its stored log, for example after a restart.</summary>
    /// <exception cref="ArgumentException">The updates are out of order or do not fit the text.</exception>
    public static SharedDocument Restore(string initialText, IEnumerable<PadUpdate> acceptedUpdates)
    {
        ArgumentNullException.ThrowIfNull(acceptedUpdates);
        var document = new SharedDocument(initialText);
        foreach (var update in acceptedUpdates)
        {
            if (update.BaseVersion != document.updates.Count)
            {
                throw new ArgumentException($"Stored update for version {update.BaseVersion} found where version {document.updates.Count} was expected.", nameof(acceptedUpdates));
            }

            document.text = update.Changes.Apply(document.text);
            document.updates.Add(update);
        }

        return document;
    }

    /// <summary>The current text with its version, read atomically.</summary>
    public PadSnapshot Snapshot()
    {
        lock (gate)
        {
            return new PadSnapshot(updates.Count, text);
        }
    }

    /// <summary>The text as it was at <paramref name="version"/>, replayed from the start; for replays, not the hot path.</summary>
    public string TextAt(int version)
    {
        var history = Pull(0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, history.Count);
        var result = initialText;
        for (var i = 0; i < version; i++)
        {
            result = history[i].Changes.Apply(result);
        }

        return result;
    }

    /// <summary>
    /// Accepts <paramref name="pushed"/> from the connection <paramref name="clientId"/>, made on top
    /// of <paramref name="version"/>: drops re-sent updates that were accepted already, rebases the
    /// rest over updates the client had not seen, and appends them. All or nothing. For a document
    /// kept in memory only; a server that logs updates uses <see cref="Prepare"/> and <see cref="Commit"/>.
    /// </summary>
    public PushResult Push(string clientId, int version, IReadOnlyList<PushedUpdate> pushed)
    {
        lock (gate)
        {
            return Commit(Prepare(clientId, version, pushed));
        }
    }

    /// <summary>
    /// Checks and rebases a push as <see cref="Push"/> does, without changing the document. The
    /// caller stores the result's updates, then <see cref="Commit"/>s them; it must hold its own
    /// lock from one to the other, so that no other push is prepared or committed in between.
    /// </summary>
    public PreparedPush Prepare(string clientId, int version, IReadOnlyList<PushedUpdate> pushed)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentNullException.ThrowIfNull(pushed);
        lock (gate)
        {
            var problem = CheckPush(clientId, version, pushed);
            if (problem is not null)
            {
                return new PreparedPush(this, updates.Count, PushResult.Reject(updates.Count, problem), null);
            }

            var pending = RebaseOverUnseen(clientId, version, pushed, out problem);
            if (pending is null)
            {
                return new PreparedPush(this, updates.Count, PushResult.Reject(updates.Count, problem!), null);
            }

            var newText = text;
            var accepted = new List<PadUpdate>(pending.Count);
            foreach (var update in pending)
            {
                // Checked on the text each update really applies to, after rebasing.
                if (ChangeBoundaries.SplitsCharacter(update.Changes, newText) is { } split)
                {
                    return new PreparedPush(this, updates.Count, PushResult.Reject(updates.Count, $"Update {pushed.Count - pending.Count + accepted.Count} of the push {split}"), null);
                }

                newText = update.Changes.Apply(newText);
                accepted.Add(new PadUpdate(updates.Count + accepted.Count, clientId, update.Changes, update.Effects));
            }

            return new PreparedPush(this, updates.Count, PushResult.Accept(accepted, updates.Count + accepted.Count), newText);
        }
    }

    /// <summary>Applies a prepared push (a refused one changes nothing) and wakes whoever waits for the next update.</summary>
    /// <exception cref="InvalidOperationException">The push was prepared on another document, or the document moved since.</exception>
    public PushResult Commit(PreparedPush prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        TaskCompletionSource? waiting;
        lock (gate)
        {
            if (!ReferenceEquals(prepared.Document, this) || prepared.FromVersion != updates.Count)
            {
                throw new InvalidOperationException($"This push was prepared at version {prepared.FromVersion}, but the document is at version {updates.Count}: prepare and commit under one lock.");
            }

            if (!prepared.Result.IsAccepted || prepared.Result.Accepted.Count == 0)
            {
                return prepared.Result;
            }

            text = prepared.NewText!;
            updates.AddRange(prepared.Result.Accepted);
            waiting = nextUpdate;
            nextUpdate = null;
        }

        waiting?.TrySetResult();
        return prepared.Result;
    }

    /// <summary>The accepted updates from <paramref name="version"/> on, in order (empty when the caller is up to date).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative or ahead of the document.</exception>
    public IReadOnlyList<PadUpdate> Pull(int version)
    {
        lock (gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(version);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(version, updates.Count);
            return updates.GetRange(version, updates.Count - version);
        }
    }

    /// <summary>As <see cref="Pull"/>, but waits until there is at least one update after <paramref name="version"/>.</summary>
    public async Task<IReadOnlyList<PadUpdate>> PullAsync(int version, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (gate)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(version);
                ArgumentOutOfRangeException.ThrowIfGreaterThan(version, updates.Count);
                if (version < updates.Count)
                {
                    return updates.GetRange(version, updates.Count - version);
                }

                nextUpdate ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                next = nextUpdate.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Maps the push over each update after <paramref name="version"/> in turn, dropping re-sends;
    /// null (with the reason) when a presumed re-send is not the edit that was accepted.
    /// </summary>
    private IReadOnlyList<PushedUpdate>? RebaseOverUnseen(string clientId, int version, IReadOnlyList<PushedUpdate> pushed, out string? problem)
    {
        problem = null;
        var pending = pushed;
        for (var seen = version; seen < updates.Count && pending.Count > 0; seen++)
        {
            var unseen = updates[seen];
            if (unseen.ClientId == clientId && !pending[0].Changes.MakesSameEdit(unseen.Changes))
            {
                problem = $"Update {pushed.Count - pending.Count} of the push should re-send the update accepted at version {seen}, " +
                    "but it makes a different edit: push every unconfirmed update, oldest first, from the version last synced to.";
                return null;
            }

            pending = StalePush.Rebase(clientId, pending, [unseen]);
        }

        return pending;
    }

    private string? CheckPush(string clientId, int version, IReadOnlyList<PushedUpdate> pushed)
    {
        if (version < 0 || version > updates.Count)
        {
            return $"Version {version} does not exist; the document is at version {updates.Count}.";
        }

        var expected = version == updates.Count ? text.Length : updates[version].Changes.Length;
        for (var i = 0; i < pushed.Count; i++)
        {
            var changes = pushed[i].Changes ?? throw new ArgumentException($"Pushed update {i} has no changes.", nameof(pushed));
            if (changes.Length != expected)
            {
                return $"Update {i} of the push covers {changes.Length} UTF-16 units, but the document it applies to has {expected}.";
            }

            if (ChangeBoundaries.EmptyKeptSpan(changes) is { } empty)
            {
                return $"Update {i} of the push {empty}";
            }

            expected = changes.NewLength;
        }

        var ownSince = 0;
        for (var v = version; v < updates.Count; v++)
        {
            if (updates[v].ClientId == clientId)
            {
                ownSince++;
            }
        }

        if (ownSince > pushed.Count)
        {
            return $"{ownSince} of this client's updates were accepted after version {version}, but the push re-sends only {pushed.Count}: " +
                "pull first, or push every unconfirmed update from the version last synced to.";
        }

        return null;
    }
}
