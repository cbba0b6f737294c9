using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Rapport.Collab;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Testing;
using Rapport.Features.Runs;
using Rapport.Sandbox;

namespace Rapport.Features.Rooms;

/// <summary>
/// Run in the room: the pad's code (or a question's tests against it) goes to the sandbox's job
/// API in the background, so the room stays responsive; output streams to everyone in the room
/// as it arrives; start and result go into the room's log for the timeline and replay. One run at
/// a time per room: a second press while one is going is told so instead of queueing behind it.
/// </summary>
public sealed partial class RoomRuns(IServiceScopeFactory scopes, IHubContext<RoomHub, IRoomClient> hub, TimeProvider time, ILogger<RoomRuns> logger) : IHostedService, IDisposable
{
    /// <summary>Output kept in the log per stream; the room saw all of it (up to the sandbox's cap) live.</summary>
    public const int LoggedOutputChars = 16 * 1024;

    private readonly ConcurrentDictionary<Guid, Task> running = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>One press of Run: who, which language, the pad as it was, and the question whose tests to run, if any.</summary>
    public sealed record Press(Guid InterviewId, RoomActor Actor, string? ActorId, string By, string Language, PadSnapshot Pad, string? QuestionId, PinnedQuestion? Tests);

    public async Task<RunStartedView> StartAsync(Press press, RoomLog log, CancellationToken ct)
    {
        // The slot is the room's "a run is going" mark until the background run has logged its result.
        var slot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!running.TryAdd(press.InterviewId, slot.Task))
        {
            throw new HubException("Code is already running in this room; its result will appear here in a moment.");
        }

        try
        {
            var runId = Guid.CreateVersion7();
            var tests = press.Tests?.Question.Interviewer.Tests;
            var request = tests is null
                ? new RunRequest { Language = press.Language, Source = press.Pad.Text }
                : QuestionTestProgram.Build(tests, press.Pad.Text);
            var logged = await log.AppendAsync(
                press.InterviewId,
                new CodeRunStarted(runId, press.Language, press.Pad.Version, CodeHash.Of(press.Pad.Text), press.QuestionId, press.Tests?.Version, press.By),
                press.Actor,
                press.ActorId,
                ct);
            var view = new RunStartedView(runId, press.Language, press.By, press.Tests?.Question.Title, logged.Entry.At);
            await hub.Clients.Group(RoomHub.Room(press.InterviewId)).RunStarted(view);
            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        await RunAsync(press, runId, request, tests, stopping.Token);
                    }
                    finally
                    {
                        running.TryRemove(KeyValuePair.Create(press.InterviewId, slot.Task));
                        slot.SetResult();
                    }
                },
                CancellationToken.None);
            return view;
        }
        catch
        {
            running.TryRemove(KeyValuePair.Create(press.InterviewId, slot.Task));
            slot.SetResult();
            throw;
        }
    }

    /// <summary>Completes when the room has no run going (its result logged and sent).</summary>
    public Task WhenIdleAsync(Guid interviewId) => running.TryGetValue(interviewId, out var run) ? run : Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>On shutdown, running programs are stopped and their (cancelled) results logged before storage goes away.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stopping.Dispose();

    private async Task RunAsync(Press press, Guid runId, RunRequest request, QuestionTests? tests, CancellationToken ct)
    {
        var room = hub.Clients.Group(RoomHub.Room(press.InterviewId));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<CodeRunner>();
            var log = scope.ServiceProvider.GetRequiredService<RoomLog>();
            var requester = new RunRequester(RunOrigin.Room, press.InterviewId, press.Actor == RoomActor.Candidate ? "candidate" : "interviewer", press.ActorId, press.QuestionId, press.Tests?.Version);

            // A test run's output is the harness's, not the candidate's: nothing streams.
            var output = Channel.CreateUnbounded<OutputChunk>(new UnboundedChannelOptions { SingleReader = true });
            var pump = PumpAsync(room, runId, output.Reader);
            RunResult result;
            try
            {
                (_, result) = await runner.RunAsync(requester, request, press.Pad.Text, tests is null ? new ChannelProgress(output.Writer) : null, ct);
            }
            finally
            {
                output.Writer.TryComplete();
                await pump;
            }

            var outcomes = tests is null ? [] : QuestionTestProgram.Read(tests, result);
            var compilerMessages = result.CompilerMessages.Select(m => m.Line > 0 ? $"line {m.Line}: {m.Severity}: {m.Text}" : $"{m.Severity}: {m.Text}").ToList();
            var stdout = tests is null ? result.Stdout : "";
            var stderr = tests is null ? result.Stderr : "";
            var finished = new CodeRunFinished(runId, result.Verdict.ToString(), result.Message, result.CpuTime.TotalMilliseconds, result.WallTime.TotalMilliseconds,
                Cut(stdout), Cut(stderr), result.OutputTruncated || stdout.Length > LoggedOutputChars || stderr.Length > LoggedOutputChars, compilerMessages, outcomes);
            var logged = await log.AppendAsync(press.InterviewId, finished, RoomActor.System, null, CancellationToken.None);
            await room.RunFinished(new RunFinishedView(runId, finished.Verdict, finished.Message, stdout, stderr, result.OutputTruncated,
                finished.WallMilliseconds, compilerMessages, outcomes, logged.Entry.At));
        }
        catch (Exception error)
        {
            // Storage went away mid-run (or the server is stopping): tell the room the run is over.
            LogRunFailed(error, runId, press.InterviewId);
            await room.RunFinished(new RunFinishedView(runId, nameof(Verdict.SandboxError), CandidateMessages.SandboxError,
                "", "", false, 0, [], [], time.GetUtcNow())).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Sends output as it comes, merging what arrived together so a chatty program does not send a message per line.</summary>
    private static async Task PumpAsync(IRoomClient room, Guid runId, ChannelReader<OutputChunk> reader)
    {
        while (await reader.WaitToReadAsync())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(30), TimeProvider.System);
            var text = new StringBuilder();
            OutputChannel? channel = null;
            while (text.Length < 16 * 1024 && reader.TryPeek(out var next) && (channel is null || next.Channel == channel) && reader.TryRead(out next))
            {
                channel = next.Channel;
                text.Append(next.Text);
            }

            if (channel is { } sent)
            {
                await room.RunOutput(new RunOutputView(runId, sent == OutputChannel.Stdout ? "stdout" : "stderr", text.ToString()));
            }
        }
    }

    private static string Cut(string text) => text.Length <= LoggedOutputChars ? text : text[..LoggedOutputChars];

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} in interview {InterviewId} failed outside the sandbox")]
    private partial void LogRunFailed(Exception error, Guid runId, Guid interviewId);

    /// <summary>Progress into a channel, in order (Progress&lt;T&gt; would post each chunk to the thread pool and lose the order).</summary>
    private sealed class ChannelProgress(ChannelWriter<OutputChunk> writer) : IProgress<OutputChunk>
    {
        public void Report(OutputChunk value) => writer.TryWrite(value);
    }
}
