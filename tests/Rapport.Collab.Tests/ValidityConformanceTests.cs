using System.Text.Json;

namespace Rapport.Collab.Tests;

/// <summary>
/// The authority accepts exactly the change sets the real @codemirror/state and @codemirror/collab
/// handle as the edit they describe, and refuses the rest for the right reason. Each case is pushed
/// at the current version; the verdict and its reason class come from the libraries' behaviour
/// (tools/collab-fixtures/validity.mjs), never from this port.
/// </summary>
public sealed class ValidityConformanceTests
{
    /// <summary>What a refusal for each reason class must say, as the sender will read it.</summary>
    private static readonly Dictionary<string, string> Phrases = new()
    {
        ["length"] = "UTF-16 units, but the document it applies to has",
        ["empty-kept"] = "keeps an empty span",
        ["surrogate"] = "between the two halves of one character",
    };

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "validity", MemberType = typeof(FixtureCases))]
    public void Push_AtTheCurrentVersion_AcceptsExactlyWhatTheLibrariesHandle(int index)
    {
        var c = FixtureCases.Case("validity", index);
        var doc = c.GetProperty("doc").GetString()!;
        var json = c.GetProperty("changes").GetString()!;
        var reason = c.GetProperty("reason").GetString();
        var what = $"{c.GetProperty("form").GetString()} ({c.GetProperty("variant").GetString()}) {json} over {JsonSerializer.Serialize(doc)}";
        var document = new SharedDocument(doc);

        ChangeSet changes;
        try
        {
            changes = ChangeSet.FromJson(json);
        }
        catch (InvalidChangeSetException e)
        {
            // The hub refuses what cannot be read before it reaches the document, naming the element.
            Assert.True(reason == "malformed", $"{what}: read as malformed ({e.Message}), but the libraries say {reason ?? "valid"}");
            Assert.StartsWith("Invalid ChangeSet JSON at $", e.Message, StringComparison.Ordinal);
            return;
        }

        Assert.True(reason != "malformed", $"{what}: the libraries cannot use it as an edit, but the port reads it");
        var result = document.Push("pusher", 0, [new PushedUpdate(changes)]);

        if (reason is not null)
        {
            Assert.False(result.IsAccepted, $"{what}: accepted, but the libraries refuse it ({c.GetProperty("library").GetString()})");
            Assert.Contains(Phrases[reason], result.Rejection, StringComparison.Ordinal);
            Assert.Equal(new PadSnapshot(0, doc), document.Snapshot());
            return;
        }

        Assert.True(result.IsAccepted, $"{what}: {result.Rejection}");
        Assert.Equal(new PadSnapshot(1, c.GetProperty("result").GetString()!), document.Snapshot());

        // A later push from a client that had not seen it is rebased over it as rebaseUpdates does.
        var stale = c.GetProperty("stale");
        var rebased = document.Push("stale", 0, [new PushedUpdate(ChangeSet.FromJson(stale.GetProperty("changes")))]);

        Assert.True(rebased.IsAccepted, $"{what}: the stale push was refused: {rebased.Rejection}");
        JsonAssert.Equal(stale.GetProperty("rebased"), Assert.Single(rebased.Accepted).Changes.ToJson(), $"{what}: stale push rebased");
        Assert.Equal(stale.GetProperty("doc").GetString(), document.Snapshot().Text);
    }
}
