namespace Rapport.Collab.Tests;

/// <summary>
/// The client half of @codemirror/collab, reduced to text: local edits queue as unconfirmed, and
/// received updates are applied one at a time as <c>receiveUpdates(state, [update])</c> does.
/// The rebase fixtures check the server against the real client; this lets C# tests drive many.
/// </summary>
internal sealed class SimulatedEditor(string clientId, string text)
{
    private readonly List<ChangeSet> unconfirmed = [];

    public string ClientId { get; } = clientId;

    public string Text { get; private set; } = text;

    public int Version { get; private set; }

    public bool HasUnconfirmed => unconfirmed.Count > 0;

    public IReadOnlyList<PushedUpdate> Sendable => [.. unconfirmed.Select(changes => new PushedUpdate(changes))];

    public void Edit(ChangeSet changes)
    {
        Text = changes.Apply(Text);
        unconfirmed.Add(changes);
    }

    public void Receive(PadUpdate update)
    {
        Assert.Equal(Version, update.BaseVersion);
        Version++;
        if (unconfirmed.Count > 0 && update.ClientId == ClientId)
        {
            unconfirmed.RemoveAt(0);
            return;
        }

        var changes = update.Changes;
        for (var i = 0; i < unconfirmed.Count; i++)
        {
            var mine = unconfirmed[i];
            unconfirmed[i] = mine.Map(changes);
            changes = changes.Map(mine, before: true);
        }

        Text = changes.Apply(Text);
    }

    public PushResult PushTo(SharedDocument document) => document.Push(ClientId, Version, Sendable);

    public void PullFrom(SharedDocument document, int? limit = null)
    {
        foreach (var update in document.Pull(Version).Take(limit ?? int.MaxValue))
        {
            Receive(update);
        }
    }

    /// <summary>A random edit at code-point boundaries, as a person at a keyboard would make.</summary>
    public void EditAtRandom(Random random)
    {
        var positions = Enumerable.Range(0, Text.Length + 1).Where(p => p == 0 || p == Text.Length || !char.IsLowSurrogate(Text[p])).ToList();
        var from = positions[random.Next(positions.Count)];
        var to = random.Next(3) == 0 ? positions[random.Next(positions.Count)] : from;
        string[] pieces = ["a", "b", " ", "\n", "😀", "é", "xyz"];
        var insert = from == to || random.Next(2) == 0 ? pieces[random.Next(pieces.Length)] : "";
        Edit(ChangeSet.Of([new ChangeSpec(Math.Min(from, to), Math.Max(from, to), insert)], Text.Length));
    }
}
