using System.Collections.Concurrent;

namespace Rapport.Collab.Tests;

/// <summary>Real threads pushing and pulling at once: the per-document lock must serialize them into one history.</summary>
public sealed class ConcurrentPushTests
{
    [Fact]
    public void Push_EditorsOnManyThreads_ConvergeOnTheTextOfTheLogAppliedInOrder()
    {
        const int Editors = 6;
        const int Steps = 200;
        const string Initial = "def solve():\n    pass\n";
        var document = new SharedDocument(Initial);
        var editors = Enumerable.Range(0, Editors).Select(i => new SimulatedEditor($"editor-{i}", Initial)).ToArray();
        var refusals = new ConcurrentQueue<string>();
        using var start = new Barrier(Editors);

        var threads = editors.Select((editor, i) => new Thread(() =>
        {
            var random = new Random(1000 + i);
            start.SignalAndWait();
            for (var step = 0; step < Steps; step++)
            {
                var action = random.Next(10);
                if (action < 4)
                {
                    editor.EditAtRandom(random);
                }
                else if (action < 7 && editor.HasUnconfirmed)
                {
                    var result = editor.PushTo(document);
                    if (!result.IsAccepted)
                    {
                        refusals.Enqueue(result.Rejection!);
                    }
                }
                else
                {
                    // Partial pulls: updates arrive in whatever batches the network makes.
                    editor.PullFrom(document, limit: random.Next(1, 12));
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Settle(document, editors);

        Assert.Empty(refusals);
        var log = document.Pull(0);
        Assert.Equal(Enumerable.Range(0, log.Count), log.Select(update => update.BaseVersion));
        var sequential = log.Aggregate(Initial, (text, update) => update.Changes.Apply(text));
        Assert.Equal(sequential, document.Snapshot().Text);
        Assert.All(editors, editor => Assert.Equal(sequential, editor.Text));
        Assert.True(log.Select(update => update.ClientId).Distinct().Count() == Editors, "every editor's edits reached the log");
    }

    [Fact]
    public void Push_StaleFromManyThreads_KeepsEveryInsertion()
    {
        const int Threads = 8;
        const int PushesPerThread = 40;
        var document = new SharedDocument("ab");
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PushesPerThread; i++)
            {
                // A fresh connection each time, always on version 0: every push but the first is stale.
                var marker = (char)('\u4e00' + (t * PushesPerThread) + i);
                var changes = ChangeSet.Of([ChangeSpec.Insertion(i % 3, marker.ToString())], 2);
                document.Push(SharedDocument.NewClientId(), 0, [new PushedUpdate(changes)]);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        var snapshot = document.Snapshot();
        Assert.Equal(Threads * PushesPerThread, snapshot.Version);
        Assert.Equal(Threads * PushesPerThread, snapshot.Text.Distinct().Count(c => c >= '\u4e00'));
        Assert.Equal("ab", new string([.. snapshot.Text.Where(c => c < '\u4e00')]));
        Assert.Equal(snapshot.Text, document.Pull(0).Aggregate("ab", (text, update) => update.Changes.Apply(text)));
    }

    private static void Settle(SharedDocument document, SimulatedEditor[] editors)
    {
        for (var round = 0; editors.Any(editor => editor.HasUnconfirmed || editor.Version < document.Version); round++)
        {
            Assert.True(round < 20, "editors did not settle");
            foreach (var editor in editors)
            {
                editor.PullFrom(document);
                if (editor.HasUnconfirmed)
                {
                    Assert.True(editor.PushTo(document).IsAccepted);
                }
            }
        }
    }
}
