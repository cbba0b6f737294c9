using System.Text.Json;

namespace Rapport.Collab.Tests;

public sealed class SharedDocumentTests
{
    private static PushedUpdate[] Updates(params string[] changes) => [.. changes.Select(json => new PushedUpdate(ChangeSet.FromJson(json)))];

    [Fact]
    public void Push_AtTheCurrentVersion_IsAppendedInOrder()
    {
        var document = new SharedDocument("hello");

        var first = document.Push("a", 0, Updates("[5, [0, \" world\"]]"));
        var second = document.Push("a", 1, Updates("[[1, \"H\"], 10]", "[11, [0, \"!\"]]"));

        Assert.True(first.IsAccepted && second.IsAccepted);
        Assert.Equal(3, second.Version);
        Assert.Equal([1, 2], second.Accepted.Select(u => u.BaseVersion));
        Assert.Equal(new PadSnapshot(3, "Hello world!"), document.Snapshot());
    }

    [Fact]
    public void Push_Stale_IsRebasedOverTheUpdatesTheClientHadNotSeen()
    {
        var document = new SharedDocument("hello");
        document.Push("a", 0, Updates("[5, [0, \" world\"]]"));

        var result = document.Push("b", 0, Updates("[[0, \"Oh, \"], 5]"));

        Assert.True(result.IsAccepted);
        Assert.Equal("[[0,\"Oh, \"],11]", result.Accepted.Single().Changes.ToJson());
        Assert.Equal("Oh, hello world", document.Snapshot().Text);
    }

    [Fact]
    public void Push_StaleOverSeveralUpdates_RebasesOneUpdateAtATime()
    {
        // Mapping over a composition can differ from mapping step by step: over "delete a" and then
        // "insert x", a replacement of "a" by "yy" lands after the x step by step, before it when
        // composed. Clients apply updates one at a time, so the server rebases one at a time too.
        var document = new SharedDocument("a");
        document.Push("a", 0, Updates("[[1]]"));
        document.Push("b", 1, Updates("[[0, \"x\"]]"));
        var editor = new SimulatedEditor("c", "a");
        editor.Edit(ChangeSet.FromJson("[[1, \"yy\"]]"));

        var result = editor.PushTo(document);
        editor.PullFrom(document);

        Assert.True(result.IsAccepted);
        Assert.Equal("xyy", document.Snapshot().Text);
        Assert.Equal("xyy", editor.Text);
        var composed = StalePush.Rebase("c", Updates("[[1, \"yy\"]]"), document.Pull(0).Take(2).ToList());
        Assert.Equal("yyx", composed.Single().Changes.Apply("x"));
    }

    [Fact]
    public void Push_ReSendingAnAcceptedUpdate_DropsTheCopy()
    {
        var document = new SharedDocument("ab");
        document.Push("a", 0, Updates("[[0, \"1\"], 2]"));
        document.Push("b", 1, Updates("[3, [0, \"2\"]]"));

        // Client a has not seen its first update come back, so it sends it again with the next one.
        var result = document.Push("a", 0, Updates("[[0, \"1\"], 2]", "[1, [1, \"A\"], 1]"));

        Assert.True(result.IsAccepted);
        Assert.Single(result.Accepted);
        Assert.Equal("[1,[1,\"A\"],2]", result.Accepted[0].Changes.ToJson());
        Assert.Equal("1Ab2", document.Snapshot().Text);
    }

    [Fact]
    public void Push_OnAVersionOlderThanItsOwnEditsWithoutReSending_IsRefused()
    {
        var document = new SharedDocument("ab");
        document.Push("a", 0, Updates("[[0, \"1\"], 2]"));

        // A new edit on version 0 that is not a re-send of "1": mapping it as a re-send would drop it.
        var result = document.Push("a", 0, Updates("[1, [0, \"2\"], 1]"));

        Assert.False(result.IsAccepted);
        Assert.StartsWith("Update 0 of the push should re-send the update accepted at version 0", result.Rejection, StringComparison.Ordinal);
        Assert.Equal(new PadSnapshot(1, "1ab"), document.Snapshot());
    }

    [Fact]
    public void Push_ReSendingFewerUpdatesThanWereAccepted_IsRefused()
    {
        var document = new SharedDocument("ab");
        document.Push("a", 0, Updates("[[0, \"1\"], 2]", "[3, [0, \"2\"]]"));

        var result = document.Push("a", 0, Updates("[[0, \"1\"], 2]"));

        Assert.False(result.IsAccepted);
        Assert.StartsWith("2 of this client's updates were accepted after version 0, but the push re-sends only 1", result.Rejection, StringComparison.Ordinal);
        Assert.Equal(new PadSnapshot(2, "1ab2"), document.Snapshot());
    }

    [Fact]
    public void Push_ChangesForAnotherLength_IsRefusedAndChangesNothing()
    {
        var document = new SharedDocument("abc");

        var result = document.Push("a", 0, Updates("[3, [0, \"x\"]]", "[3, [0, \"y\"]]"));

        Assert.False(result.IsAccepted);
        Assert.Equal("Update 1 of the push covers 3 UTF-16 units, but the document it applies to has 4.", result.Rejection);
        Assert.Equal(new PadSnapshot(0, "abc"), document.Snapshot());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Push_OnAVersionThatDoesNotExist_IsRefused(int version)
    {
        var document = new SharedDocument("abc");
        document.Push("a", 0, Updates("[[3]]"));

        var result = document.Push("b", version, Updates("[0]"));

        Assert.False(result.IsAccepted);
        Assert.Equal(1, result.Version);
    }

    [Fact]
    public void Push_Effects_TravelUnchanged()
    {
        var document = new SharedDocument("");
        using var effects = JsonDocument.Parse("{\"language\": \"python\"}");

        document.Push("a", 0, [new PushedUpdate(ChangeSet.Empty(0), effects.RootElement.Clone())]);

        Assert.Equal("python", document.Pull(0).Single().Effects!.Value.GetProperty("language").GetString());
    }

    [Fact]
    public void Pull_ReturnsTheUpdatesSinceAVersion()
    {
        var document = new SharedDocument("");
        document.Push("a", 0, Updates("[[0, \"a\"]]", "[1, [0, \"b\"]]", "[2, [0, \"c\"]]"));

        Assert.Equal([1, 2], document.Pull(1).Select(u => u.BaseVersion));
        Assert.Empty(document.Pull(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => document.Pull(4));
    }

    [Fact]
    public async Task PullAsync_UpToDate_WaitsForTheNextAcceptedUpdate()
    {
        var document = new SharedDocument("");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var pull = document.PullAsync(0, timeout.Token);
        Assert.False(pull.IsCompleted);

        document.Push("a", 0, Updates("[[0, \"x\"]]"));

        Assert.Equal("a", (await pull).Single().ClientId);
    }

    [Fact]
    public async Task PullAsync_Cancelled_StopsWaiting()
    {
        var document = new SharedDocument("");
        using var cancel = new CancellationTokenSource();
        var pull = document.PullAsync(0, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull);
    }

    [Fact]
    public void Restore_FromTheLog_GivesTheSameDocument()
    {
        var document = new SharedDocument("x");
        document.Push("a", 0, Updates("[1, [0, \"y\"]]"));
        document.Push("b", 0, Updates("[[0, \"w\"], 1]"));

        var restored = SharedDocument.Restore("x", document.Pull(0));

        Assert.Equal(document.Snapshot(), restored.Snapshot());
        Assert.Equal("xy", restored.TextAt(1));
    }

    [Fact]
    public void Restore_UpdatesOutOfOrder_IsRejected()
    {
        var update = new PadUpdate(1, "a", ChangeSet.FromJson("[1]"));

        Assert.Throws<ArgumentException>(() => SharedDocument.Restore("x", [update]));
    }

    [Fact]
    public void Constructor_WindowsLineBreaks_CountAsTheEditorCountsThem()
    {
        var document = new SharedDocument("a\r\nb\rc");

        Assert.Equal("a\nb\nc", document.Snapshot().Text);
    }

    [Fact]
    public void NewClientId_EachConnection_GetsItsOwn()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => SharedDocument.NewClientId()).ToHashSet();

        Assert.Equal(1000, ids.Count);
    }
}
