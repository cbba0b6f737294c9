using System.Text.Json;

namespace Rapport.Collab.Tests;

/// <summary>
/// The authority against sessions of real @codemirror/collab clients: stale pushes, re-sent
/// updates and partial pulls, with the server rebasing as <c>rebaseUpdates</c> does.
/// </summary>
public sealed class RebaseConformanceTests
{
    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "rebase", MemberType = typeof(FixtureCases))]
    public void Push_CollabClientSession_AcceptsExactlyWhatTheLibraryServerAccepts(int index)
    {
        var c = FixtureCases.Case("rebase", index);
        var document = new SharedDocument(c.GetProperty("initial").GetString()!);

        var step = 0;
        foreach (var push in c.GetProperty("pushes").EnumerateArray())
        {
            var pushed = push.GetProperty("changes").EnumerateArray().Select(json => new PushedUpdate(ChangeSet.FromJson(json))).ToList();

            var result = document.Push(push.GetProperty("clientID").GetString()!, push.GetProperty("version").GetInt32(), pushed);

            Assert.True(result.IsAccepted, $"push {step}: {result.Rejection}");
            JsonAssert.Equal(push.GetProperty("accepted"), Changes(result.Accepted.Select(u => u.Changes)), $"push {step} accepted");
            Assert.Equal(push.GetProperty("doc").GetString(), document.Snapshot().Text);
            step++;
        }

        Assert.Equal(new PadSnapshot(c.GetProperty("finalVersion").GetInt32(), c.GetProperty("final").GetString()!), document.Snapshot());
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "rebase", MemberType = typeof(FixtureCases))]
    public void Pull_AfterSession_ReplaysToTheFinalText(int index)
    {
        var c = FixtureCases.Case("rebase", index);
        var initial = c.GetProperty("initial").GetString()!;
        var document = new SharedDocument(initial);
        foreach (var push in c.GetProperty("pushes").EnumerateArray())
        {
            document.Push(
                push.GetProperty("clientID").GetString()!,
                push.GetProperty("version").GetInt32(),
                [.. push.GetProperty("changes").EnumerateArray().Select(json => new PushedUpdate(ChangeSet.FromJson(json)))]);
        }

        var log = document.Pull(0);

        Assert.Equal(Enumerable.Range(0, log.Count), log.Select(u => u.BaseVersion));
        Assert.Equal(c.GetProperty("final").GetString(), log.Aggregate(initial, (text, update) => update.Changes.Apply(text)));
        Assert.Equal(document.Snapshot().Text, SharedDocument.Restore(initial, log).Snapshot().Text);
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "rebaseUpdates", MemberType = typeof(FixtureCases))]
    public void Rebase_OverAllUnseenUpdatesAtOnce_MatchesRebaseUpdates(int index)
    {
        var c = FixtureCases.Case("rebaseUpdates", index);
        var updates = c.GetProperty("updates").EnumerateArray().ToList();
        var clientId = updates[0].GetProperty("clientID").GetString()!;
        var over = c.GetProperty("over").EnumerateArray()
            .Select((u, i) => new PadUpdate(i, u.GetProperty("clientID").GetString()!, ChangeSet.FromJson(u.GetProperty("changes"))))
            .ToList();

        var rebased = StalePush.Rebase(clientId, [.. updates.Select(u => new PushedUpdate(ChangeSet.FromJson(u.GetProperty("changes"))))], over);

        var expected = c.GetProperty("result").EnumerateArray().ToList();
        Assert.All(expected, u => Assert.Equal(clientId, u.GetProperty("clientID").GetString()));
        JsonAssert.Equal(JsonSerializer.SerializeToElement(expected.Select(u => u.GetProperty("changes"))), Changes(rebased.Select(u => u.Changes)), "rebaseUpdates");
    }

    private static string Changes(IEnumerable<ChangeSet> changes) => JsonSerializer.Serialize(changes);
}
