using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Features.Rooms;
using Rapport.Features.Runs.Workers;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Cluster;

/// <summary>
/// The room's other traffic across two nodes (ADR 16) with runs on a sandbox worker (ADR 17): the
/// candidate on node 1 and the interviewer on node 2 see each other's cursors, the candidate gets
/// the hint, only the interviewer gets the note, and both watch a run's output stream from the
/// worker. The nodes run as nobody: a web node needs neither root nor bubblewrap.
/// </summary>
public sealed class ClusterRoomTests
{
    [Fact]
    public async Task CursorsHintsNotesAndARunsOutput_CrossNodes_AndAKilledWorkerEndsTheRunWithRunItAgain()
    {
        await using var cluster = await LoopbackCluster.StartAsync(withSandboxWorker: true);
        var (interview, token, cookies) = await cluster.PlanAsync(kit: "screen");
        var candidate = LoopbackCluster.RoomConnection(cluster.NodeUrl(0), interview, token, null);
        var interviewer = LoopbackCluster.RoomConnection(cluster.NodeUrl(1), interview, null, cookies);
        await using var candidateHub = candidate;
        await using var interviewerHub = interviewer;
        var heard = new ConcurrentQueue<string>();
        var cursor = Heard<PadCursorView>(interviewer, "CursorMoved");
        var hint = Heard<RevealedHintView>(candidate, "HintRevealed");
        var note = Heard<NoteView>(interviewer, "NoteAdded");
        candidate.On<NoteView>("NoteAdded", n => heard.Enqueue($"candidate got a note: {n.Text}"));
        var candidateOutput = new ConcurrentQueue<RunOutputView>();
        var interviewerOutput = new ConcurrentQueue<RunOutputView>();
        var candidateFinished = new ConcurrentQueue<RunFinishedView>();
        var interviewerFinished = new ConcurrentQueue<RunFinishedView>();
        candidate.On<RunOutputView>("RunOutput", candidateOutput.Enqueue);
        interviewer.On<RunOutputView>("RunOutput", interviewerOutput.Enqueue);
        candidate.On<RunFinishedView>("RunFinished", candidateFinished.Enqueue);
        interviewer.On<RunFinishedView>("RunFinished", interviewerFinished.Enqueue);
        await candidate.StartAsync();
        await interviewer.StartAsync();
        await candidate.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await interviewer.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", interview);
        var opened = await candidate.InvokeAsync<PadOpened>("OpenPad");
        await interviewer.InvokeAsync<PadOpened>("OpenPad");

        const string code = "import time\nfor i in range(3):\n    print(f'step {i}', flush=True)\n    time.sleep(0.5)\n";
        var pushed = await candidate.InvokeAsync<PadPushed>("Push", opened.Version, new[] { Replace(opened.Text.Length, code) });
        Assert.True(pushed.Accepted, pushed.Problem);
        await candidate.InvokeAsync("MoveCursor", pushed.Version, 6, 6);
        Assert.Equal(("Kim Candidate", 6), ((await cursor).Name, (await cursor).Head));

        await interviewer.InvokeAsync("ChooseQuestion", interview, 1, "two-sum");
        await interviewer.InvokeAsync("AddNote", interview, "Strong start; ask about duplicates", null);
        await interviewer.InvokeAsync("RevealHint", interview, "two-sum", 1);
        Assert.Equal("What have you already seen?", (await hint).Text);
        Assert.Equal("Strong start; ask about duplicates", (await note).Text);

        // The run goes from the room's node to the worker; its output streams to both sides as it comes.
        await candidate.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null);
        var done = await Eventually.ReadAsync(() => Task.FromResult(interviewerFinished.ToList()), f => f.Count == 1, "the run finished for the interviewer");
        Assert.Equal(("Ok", "step 0\nstep 1\nstep 2\n"), (done[0].Verdict, done[0].Stdout));
        Assert.Contains("step 0", string.Concat(interviewerOutput.Select(o => o.Text)), StringComparison.Ordinal);
        Assert.Contains("step 2", string.Concat(candidateOutput.Select(o => o.Text)), StringComparison.Ordinal);
        await Eventually.ReadAsync(() => Task.FromResult(candidateFinished.Count), c => c == 1, "the run finished for the candidate");
        Assert.Contains("ok   sandbox: worker ", await cluster.DoctorAsync(1), StringComparison.Ordinal);

        // The worker dies mid-run: both sides are told to run it again within seconds, not left waiting.
        interviewerOutput.Clear();
        var longer = "import time\nprint('started', flush=True)\ntime.sleep(4.5)\nprint('finished')\n";
        var replaced = await candidate.InvokeAsync<PadPushed>("Push", pushed.Version, new[] { Replace(code.Length, longer) });
        Assert.True(replaced.Accepted, replaced.Problem);
        await candidate.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null);
        await Eventually.ReadAsync(() => Task.FromResult(interviewerOutput.Count), c => c > 0, "the second run's output");
        await cluster.Worker.KillAsync();
        var stopped = await Eventually.ReadAsync(() => Task.FromResult(interviewerFinished.ToList()), f => f.Count == 2, "the second run ended for the interviewer");
        Assert.Equal(("SandboxError", SandboxWorkers.RunnerStopped), (stopped[1].Verdict, stopped[1].Message));
        await Eventually.ReadAsync(() => Task.FromResult(candidateFinished.ToList()), f => f.Count == 2 && f[1].Message == SandboxWorkers.RunnerStopped, "the second run ended for the candidate");
        Assert.Contains($"FAIL sandbox: worker {cluster.Worker.Url}", await cluster.DoctorAsync(1), StringComparison.Ordinal);

        // The note never reached the candidate's connection.
        Assert.Empty(heard);
    }

    /// <summary>A change set, as @codemirror/state writes one, that replaces a text of <paramref name="length"/> with <paramref name="text"/> (inserted text goes as its lines).</summary>
    private static JsonElement Replace(int length, string text) =>
        JsonDocument.Parse(JsonSerializer.Serialize(new object[] { new object[] { length }.Concat(text.Split('\n')).ToArray() })).RootElement;

    private static Task<T> Heard<T>(HubConnection hub, string method)
    {
        var first = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<T>(method, value => first.TrySetResult(value));
        return first.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
