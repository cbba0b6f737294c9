namespace Rapport.Collab.Tests;

/// <summary>Prepare checks and rebases without touching the document; Commit applies; refusals name the reason.</summary>
public sealed class PreparedPushTests
{
    private static PushedUpdate[] Updates(params string[] changes) => [.. changes.Select(json => new PushedUpdate(ChangeSet.FromJson(json)))];

    [Fact]
    public async Task Prepare_ChangesNothingUntilCommitted()
    {
        var document = new SharedDocument("hello");
        var waiting = document.PullAsync(0, CancellationToken.None);

        var prepared = document.Prepare("a", 0, Updates("[5, [0, \" world\"]]", "[11, [0, \"!\"]]"));

        Assert.True(prepared.Result.IsAccepted);
        Assert.Equal(12, prepared.NewLength);
        Assert.Equal(new PadSnapshot(0, "hello"), document.Snapshot());
        Assert.Empty(document.Pull(0));
        Assert.False(waiting.IsCompleted);

        var committed = document.Commit(prepared);

        Assert.Equal(2, committed.Version);
        Assert.Equal(new PadSnapshot(2, "hello world!"), document.Snapshot());
        Assert.Equal(2, (await waiting).Count);
    }

    [Fact]
    public void Commit_AfterTheDocumentMoved_IsRefusedAsAMistakeOfTheCaller()
    {
        var document = new SharedDocument("hello");
        var first = document.Prepare("a", 0, Updates("[5, [0, \"!\"]]"));
        var second = document.Prepare("b", 0, Updates("[[0, \"Oh \"], 5]"));
        document.Commit(first);

        var error = Assert.Throws<InvalidOperationException>(() => document.Commit(second));

        Assert.Contains("prepared at version 0, but the document is at version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal("hello!", document.Snapshot().Text);
    }

    /// <summary>Sections of valid change sets over "abc", each with its result.</summary>
    private static readonly (string[] Parts, string Result)[] ValidOverAbc =
        [(["3"], "abc"), (["1", "[1,\"x\"]", "1"], "axc"), (["[3]"], ""), (["[0,\"y\"]", "3"], "yabc"), (["3", "[0,\"z\"]"], "abcz")];

    /// <summary>Every way to place an empty kept span (<c>0</c>) in a change set over "abc" is refused, whatever else it does.</summary>
    [Fact]
    public void AnEmptyKeptSpan_AnywhereInAChangeSet_IsRefused()
    {
        var tried = 0;
        foreach (var (sections, _) in ValidOverAbc)
        {
            for (var at = 0; at <= sections.Length; at++)
            {
                var json = $"[{string.Join(',', (string[])[.. sections[..at], "0", .. sections[at..]])}]";
                var document = new SharedDocument("abc");

                var result = document.Push("a", 0, Updates(json));

                Assert.False(result.IsAccepted, json);
                Assert.Contains($"keeps an empty span at part {at}", result.Rejection, StringComparison.Ordinal);
                Assert.Equal(new PadSnapshot(0, "abc"), document.Snapshot());
                tried++;
            }
        }

        Assert.Equal(14, tried);
    }

    /// <summary>An empty replacement (<c>[0]</c>) anywhere is the same edit without it, as the real library treats it.</summary>
    [Fact]
    public void AnEmptyReplacement_AnywhereInAChangeSet_IsAcceptedAsTheSameEdit()
    {
        foreach (var (sections, expected) in ValidOverAbc)
        {
            for (var at = 0; at <= sections.Length; at++)
            {
                var json = $"[{string.Join(',', (string[])[.. sections[..at], at % 2 == 0 ? "[0]" : "[0,\"\"]", .. sections[at..]])}]";
                var document = new SharedDocument("abc");

                var result = document.Push("a", 0, Updates(json));

                Assert.True(result.IsAccepted, $"{json}: {result.Rejection}");
                Assert.Equal(new PadSnapshot(1, expected), document.Snapshot());
            }
        }
    }

    /// <summary>A deletion of whole characters written as two parts that meet inside a pair is one change on whole characters.</summary>
    [Fact]
    public void ADeletionInTwoParts_MeetingInsideAPair_IsAccepted()
    {
        var document = new SharedDocument("x😀y");

        var result = document.Push("a", 0, Updates("[1, [1], [1, \"q\"], 1]"));

        Assert.True(result.IsAccepted, result.Rejection);
        Assert.Equal("xqy", document.Snapshot().Text);
        Assert.False(new SharedDocument("x😀y").Push("a", 0, Updates("[1, [1], 2]")).IsAccepted);
    }

    /// <summary>Every change boundary inside "x😀y🙂" that falls between an emoji's halves is refused; every other is accepted.</summary>
    [Fact]
    public void AChangeBoundary_InsideASurrogatePair_IsRefused_AtEveryPosition()
    {
        const string text = "x😀y🙂";
        for (var from = 0; from <= text.Length; from++)
        {
            for (var to = from; to <= text.Length; to++)
            {
                var changes = ChangeSet.Of([new ChangeSpec(from, to, "q")], text.Length);
                var document = new SharedDocument(text);

                var result = document.Push("a", 0, [new PushedUpdate(changes)]);

                var splits = InsidePair(text, from) || InsidePair(text, to);
                Assert.True(result.IsAccepted != splits, $"{from}..{to}: {result.Rejection}");
                Assert.Equal(splits ? text : string.Concat(text.AsSpan(0, from), "q", text.AsSpan(to)), document.Snapshot().Text);
            }
        }
    }

    /// <summary>Stated apart from the code under test: position p is inside a pair when a high surrogate ends text[..p] and a low one starts text[p..].</summary>
    private static bool InsidePair(string text, int position) =>
        position is > 0 && position < text.Length && text[position - 1] is >= '\uD800' and <= '\uDBFF' && text[position] is >= '\uDC00' and <= '\uDFFF';
}
