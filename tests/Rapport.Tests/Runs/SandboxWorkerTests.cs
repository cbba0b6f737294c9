using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rapport.Data;
using Rapport.Features.Rooms;
using Rapport.Features.Runs;
using Rapport.Features.Runs.Workers;
using Rapport.Infrastructure;
using Rapport.Sandbox;
using Rapport.Tests.Infrastructure;
using static Rapport.Tests.Rooms.RoomTestSteps;

namespace Rapport.Tests.Runs;

/// <summary>
/// Sandbox workers (ADR 17): a real <c>rapport sandbox serve</c> on loopback, and a web node's
/// sandbox that sends runs to it. The web node here never sets up a sandbox of its own.
/// </summary>
public sealed class SandboxWorkerTests
{
    private static SandboxRuntime WebNode(string workersFile, CapturedLogs? logs = null, string secret = SandboxWorkerProcess.Secret)
    {
        var settings = new SandboxSettings { WorkersFile = workersFile, WorkerSecret = secret }.Validated();
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs ?? new CapturedLogs()));
        return new SandboxRuntime(settings, TimeProvider.System, loggers);
    }

    private sealed class Chunks : IProgress<OutputChunk>
    {
        public ConcurrentQueue<(TimeSpan At, OutputChunk Chunk)> Seen { get; } = new();

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(OutputChunk value)
        {
            Seen.Enqueue((Clock.Elapsed, value));
            First.TrySetResult();
        }

        public string Text(OutputChannel channel) => string.Concat(Seen.Where(s => s.Chunk.Channel == channel).Select(s => s.Chunk.Text));
    }

    [Fact]
    public async Task ARunOnAWorker_StreamsItsOutputAsItComes_AndGivesTheWholeResult()
    {
        await using var worker = await SandboxWorkerProcess.StartAsync();
        await using var node = WebNode(SandboxWorkerProcess.WorkersFile(worker.Url));
        var output = new Chunks();
        const string code = "import sys, time\nfor i in range(4):\n    print(f'line {i}', flush=True)\n    time.sleep(0.4)\nprint('to stderr', file=sys.stderr)\n";

        var result = await node.Jobs.RunAsync(new RunRequest { Language = "python", Source = code }, output, CancellationToken.None);
        var finishedAt = output.Clock.Elapsed;

        Assert.True(result.Verdict == Verdict.Ok, $"{result.Verdict}: {result.Message} {result.OperatorDetail}");
        Assert.Equal("line 0\nline 1\nline 2\nline 3\n", result.Stdout);
        Assert.Contains("to stderr", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("Python 3", result.LanguageVersion, StringComparison.Ordinal);
        Assert.Equal(CodeHash.Of(code), result.CodeSha256);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Limits!.CpuTime);
        Assert.Equal(result.Stdout, output.Text(OutputChannel.Stdout));
        // Streamed, not sent at the end: the first line came while the program still had a second of sleeping ahead.
        var (firstAt, first) = output.Seen.First();
        Assert.StartsWith("line 0", first.Text, StringComparison.Ordinal);
        Assert.True(finishedAt - firstAt > TimeSpan.FromSeconds(1), $"first output at {firstAt}, result at {finishedAt}");
        // What the workers run is what the node offers.
        var languages = await node.LanguagesAsync(CancellationToken.None);
        Assert.Equal(BubblewrapSandbox.LanguageIds.Order(), languages.Select(l => l.Id).Order());
        Assert.Equal(0, node.Admitted);
    }

    [Fact]
    public async Task AWorkerKilledMidRun_EndsTheRun_WithRunItAgain_WithinSeconds_NotAtTheProgramsLimit()
    {
        await using var worker = await SandboxWorkerProcess.StartAsync();
        var logs = new CapturedLogs();
        await using var node = WebNode(SandboxWorkerProcess.WorkersFile(worker.Url), logs);
        var output = new Chunks();
        var limits = RunLimits.Default with { CpuTime = TimeSpan.FromSeconds(60), WallTime = TimeSpan.FromSeconds(120) };
        var run = node.Jobs.RunAsync(new RunRequest { Language = "python", Source = "import time\nprint('started', flush=True)\ntime.sleep(110)\n", Limits = limits }, output, CancellationToken.None);
        await output.First.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var killed = Stopwatch.StartNew();
        await worker.KillAsync();
        // Never a hang: long before the program's own 120 s, the run has its verdict.
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Verdict.SandboxError, result.Verdict);
        Assert.Equal(SandboxWorkers.RunnerStopped, result.Message);
        Assert.Contains("run it again", result.Message, StringComparison.Ordinal);
        Assert.Contains(worker.Url.ToString(), result.OperatorDetail, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("stopped during a run", StringComparison.Ordinal));
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(60));
        // And the node soon knows it has no worker: Run says so, with the worker and why, for operators.
        var availability = await Eventually.ReadAsync(() => node.AvailabilityAsync(CancellationToken.None), a => !a.Available, "without a worker");
        Assert.Equal(SandboxRuntime.UnavailableForPeople, availability.Message);
        Assert.Contains(worker.Url.ToString(), availability.OperatorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkerThatFallsSilent_WithoutClosingTheConnection_EndsTheRunToo()
    {
        // A machine that vanishes sends no reset: a worker that takes the run and then says nothing stands in for it.
        await using var silent = FakeWorker.Start(async stream =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
            await Task.Delay(Timeout.Infinite);
        });
        await using var node = WebNode(SandboxWorkerProcess.WorkersFile(silent.Url));
        Assert.True((await node.AvailabilityAsync(CancellationToken.None)).Available);

        var clock = Stopwatch.StartNew();
        var result = await node.Jobs.RunAsync(new RunRequest { Language = "python", Source = "print(1)" }, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((Verdict.SandboxError, SandboxWorkers.RunnerStopped), (result.Verdict, result.Message));
        Assert.Contains("said nothing for 5 s", result.OperatorDetail, StringComparison.Ordinal);
        // It waited for the silence, not failing at once (a timer may fire a tick early, hence the margin).
        Assert.True(clock.Elapsed >= WorkerProtocol.Silence - TimeSpan.FromMilliseconds(500), $"{clock.Elapsed}");
    }

    [Fact]
    public async Task AWorkerThatAnswersWithoutEnd_IsCutOff_AtWhatTheRunCanProduce()
    {
        // A worker is a machine that runs hostile code: one taken over must not make the web node hold unbounded output.
        long sent = 0;
        await using var flooding = FakeWorker.Start(async stream =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n"u8.ToArray());
            var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new WorkerLine(WorkerLine.Output, OutputChannel.Stdout, new string('x', 60_000)), WorkerProtocol.Json) + "\n");
            while (true)
            {
                await stream.WriteAsync(line);
                Interlocked.Add(ref sent, line.Length);
            }
        });
        await using var node = WebNode(SandboxWorkerProcess.WorkersFile(flooding.Url));
        var run = new RunRequest { Language = "python", Source = "print(1)" };
        var received = 0L;
        var output = new Progress<OutputChunk>(c => Interlocked.Add(ref received, c.Text.Length));

        var result = await node.Jobs.RunAsync(run, output, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((Verdict.SandboxError, SandboxWorkers.RunnerStopped), (result.Verdict, result.Message));
        Assert.Contains("went past", result.OperatorDetail, StringComparison.Ordinal);
        Assert.InRange(Interlocked.Read(ref received), 1, WorkerProtocol.AnswerLimit(run));
    }

    /// <summary>A stand-in worker on loopback: answers status as a worker that takes runs, and every run as the test says.</summary>
    private sealed class FakeWorker : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentBag<System.Net.Sockets.TcpClient> clients = [];

        private FakeWorker()
        {
        }

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        public static FakeWorker Start(Func<Stream, Task> answer)
        {
            var worker = new FakeWorker();
            worker.listener.Start();
            _ = Task.Run(() => worker.AcceptAsync(answer));
            return worker;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            foreach (var client in clients)
            {
                client.Dispose();
            }

            stop.Dispose();
        }

        private async Task AcceptAsync(Func<Stream, Task> answer)
        {
            while (!stop.IsCancellationRequested)
            {
                System.Net.Sockets.TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
                {
                    return;
                }

                clients.Add(client);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[65536];
                        var read = await stream.ReadAsync(buffer, stop.Token);
                        if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("GET", StringComparison.Ordinal))
                        {
                            var body = JsonSerializer.Serialize(new WorkerStatus(true, null, [], 1, 0, "test"), WorkerProtocol.Json);
                            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}"), stop.Token);
                            client.Dispose();
                        }
                        else
                        {
                            await answer(stream);
                        }
                    }
                    catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
                    {
                        // The node hung up, or the test ended.
                    }
                });
            }
        }
    }

    [Fact]
    public async Task AWrongSecret_IsRefusedAndLoggedByTheWorker_AndTheNodeNamesTheSetting()
    {
        await using var worker = await SandboxWorkerProcess.StartAsync();
        await using var node = WebNode(SandboxWorkerProcess.WorkersFile(worker.Url), secret: new string('x', 64));

        var availability = await node.AvailabilityAsync(CancellationToken.None);
        var result = await node.Jobs.RunAsync(new RunRequest { Language = "python", Source = "print('never')" }, null, CancellationToken.None);

        Assert.False(availability.Available);
        Assert.Contains("Sandbox:WorkerSecret", availability.OperatorDetail, StringComparison.Ordinal);
        Assert.Equal(Verdict.Unavailable, result.Verdict);
        Assert.Equal(SandboxRuntime.UnavailableForPeople, result.Message);
        await Eventually.ReadAsync(() => Task.FromResult(worker.Said), s => s.Contains("Refused GET /v1/status from 127.0.0.1: a wrong signature", StringComparison.Ordinal), "logging the refusal");
    }

    [Fact]
    public async Task TheWorker_RunsNothingForARequestThatIsUnsigned_Tampered_Stale_OrReplayed()
    {
        await using var worker = await SandboxWorkerProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = worker.Url };
        var body = JsonSerializer.SerializeToUtf8Bytes(new RunRequest { Language = "python", Source = "print('ran')" }, WorkerProtocol.Json);
        var signer = new WorkerSignature(SandboxWorkerProcess.Secret, TimeProvider.System);

        async Task<(HttpStatusCode Status, string Body)> PostAsync(byte[] sent, string? timestamp, string? signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, WorkerProtocol.Runs) { Content = new ByteArrayContent(sent) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (timestamp is not null)
            {
                request.Headers.Add(WorkerProtocol.TimestampHeader, timestamp);
                request.Headers.Add(WorkerProtocol.SignatureHeader, signature);
            }

            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var unsigned = await PostAsync(body, null, null);
        var (timestamp, signature) = signer.Sign("POST", WorkerProtocol.Runs, body);
        var tampered = await PostAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("ran", "RAN", StringComparison.Ordinal)), timestamp, signature);
        var old = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-5));
        var (staleTime, staleSignature) = new WorkerSignature(SandboxWorkerProcess.Secret, old).Sign("POST", WorkerProtocol.Runs, body);
        var stale = await PostAsync(body, staleTime, staleSignature);
        var genuine = await PostAsync(body, timestamp, signature);
        var replayed = await PostAsync(body, timestamp, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.Status);
        Assert.Contains("wrong signature", tampered.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.Status);
        Assert.Contains("off this machine's clock", stale.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, genuine.Status);
        Assert.Contains("\"stdout\":\"ran\\n\"", genuine.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.Status);
        Assert.Contains("already seen", replayed.Body, StringComparison.Ordinal);
        // Only the genuine request ran: nothing else printed "RAN" or "ran".
        Assert.DoesNotContain("RAN", genuine.Body, StringComparison.Ordinal);
        await Eventually.ReadAsync(() => Task.FromResult(worker.Said.Split('\n').Count(l => l.Contains("Refused POST /v1/runs", StringComparison.Ordinal))), n => n == 4, "four refusals in the worker's log");
        // Health says up or down, and nothing else.
        Assert.Equal("ok", await http.GetStringAsync(WorkerProtocol.Health));
    }

    [Fact]
    public async Task WorkersAddedAndRemovedInTheFile_TakeAndStopTakingRuns_WhileTheNodeServes()
    {
        await using var first = await SandboxWorkerProcess.StartAsync();
        var file = SandboxWorkerProcess.WorkersFile();
        var logs = new CapturedLogs();
        await using var node = WebNode(file, logs);
        var none = await node.AvailabilityAsync(CancellationToken.None);
        Assert.False(none.Available);
        Assert.Contains("names no sandbox worker", none.OperatorDetail, StringComparison.Ordinal);

        // A dead address first: the node passes the run on to the worker that answers.
        var dead = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        await File.WriteAllLinesAsync(file, [dead.ToString(), first.Url.ToString()]);
        await Eventually.ReadAsync(() => node.AvailabilityAsync(CancellationToken.None), a => a.Available, "available once a worker is in the file");
        for (var i = 0; i < 3; i++)
        {
            var result = await node.Jobs.RunAsync(new RunRequest { Language = "python", Source = $"print({i})" }, null, CancellationToken.None);
            Assert.True(result.Verdict == Verdict.Ok, $"{result.Verdict}: {result.OperatorDetail}");
        }

        // A half-written file is not half applied: the workers stay as they were, and the log says why.
        await File.WriteAllTextAsync(file, $"{first.Url}\nnot an address\n");
        await Eventually.ReadAsync(() => Task.FromResult(logs.Entries.Select(e => e.Message).ToList()), m => m.Any(t => t.Contains("line 2: 'not an address'", StringComparison.Ordinal)), "logging the bad line");
        Assert.True((await node.Jobs.RunAsync(new RunRequest { Language = "python", Source = "print(1)" }, null, CancellationToken.None)).Verdict == Verdict.Ok);

        await File.WriteAllTextAsync(file, "# no workers now\n");
        var gone = await Eventually.ReadAsync(() => node.AvailabilityAsync(CancellationToken.None), a => !a.Available, "unavailable once the worker is out of the file");
        Assert.Equal(SandboxRuntime.UnavailableForPeople, gone.Message);
        Assert.Contains(logs.Entries, e => e.Message.Contains($"Sandbox worker {first.Url} was taken out of {file}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStoppingWorker_FinishesTheRunItHas_AndTakesNoNewOne()
    {
        await using var worker = await SandboxWorkerProcess.StartAsync();
        await using var node = WebNode(SandboxWorkerProcess.WorkersFile(worker.Url));
        var output = new Chunks();
        var run = node.Jobs.RunAsync(new RunRequest { Language = "python", Source = "import time\nprint('a', flush=True)\ntime.sleep(2)\nprint('b')\n" }, output, CancellationToken.None);
        await output.First.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var stopping = worker.StopAsync();
        var result = await run;
        await stopping;

        Assert.Equal((Verdict.Ok, "a\nb\n"), (result.Verdict, result.Stdout));
        var after = await node.Jobs.RunAsync(new RunRequest { Language = "python", Source = "print(1)" }, null, CancellationToken.None);
        Assert.Equal(Verdict.Unavailable, after.Verdict);
    }

    [Fact]
    public async Task InTheRoom_TheRunGoesToTheWorker_AndBothSidesSeeItsOutput()
    {
        await using var worker = await SandboxWorkerProcess.StartAsync();
        await using var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, $"--Sandbox:WorkersFile={SandboxWorkerProcess.WorkersFile(worker.Url)}", $"--Sandbox:WorkerSecret={SandboxWorkerProcess.Secret}");
        var world = await InterviewWorld.CreateAsync(app);
        await using var interviewer = await RoomConnection.OpenAsync(app, await app.SignedInCookiesAsync(world.InterviewerOnA));
        await using var candidate = await RoomConnection.OpenAsync(app, candidateToken: world.TokenA);
        await interviewer.Hub.InvokeAsync<InterviewerRoomView>("JoinAsInterviewer", world.InterviewA.Interview.Id);
        await candidate.Hub.InvokeAsync<CandidateRoomView>("JoinAsCandidate");
        await WritePadAsync(app, world.TokenA, "print('from the worker')\n");
        var streamed = NextAsync<RunOutputView>(interviewer.Hub, "RunOutput", timeout: TimeSpan.FromSeconds(60));
        var finished = NextAsync<RunFinishedView>(candidate.Hub, "RunFinished", timeout: TimeSpan.FromSeconds(60));

        await candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null);

        Assert.Contains("from the worker", (await streamed).Text, StringComparison.Ordinal);
        Assert.Equal(("Ok", "from the worker\n"), ((await finished).Verdict, (await finished).Stdout));
        await RunsSettledAsync(app, world.InterviewA.Interview.Id);
        var record = await app.InScopeAsync(s => s.GetRequiredService<AppDbContext>().CodeRuns.SingleAsync());
        Assert.StartsWith("Python 3", record.LanguageVersion, StringComparison.Ordinal);
        var page = await (await app.SignedInClientAsync(world.Admin)).GetStringAsync("/runs");
        Assert.Contains("code runs on sandbox workers", page, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">{worker.Url}</th>", page, StringComparison.Ordinal);
        var health = await app.CreateClient().GetStringAsync("/healthz");
        Assert.Contains("\"sandbox\":{\"status\":\"Healthy\",\"Description\":\"1 of 1 sandbox worker(s) take runs\"}", health, StringComparison.Ordinal);

        // With the worker gone, Run says so in the room, as when the sandbox is unavailable.
        await worker.KillAsync();
        var runtime = app.Services.GetRequiredService<SandboxRuntime>();
        await Eventually.ReadAsync(() => runtime.AvailabilityAsync(CancellationToken.None), a => !a.Available, "without the worker");
        var refused = await Assert.ThrowsAsync<HubException>(() => candidate.Hub.InvokeAsync<RunStartedView>("RunAsCandidate", "python", null));
        Assert.Contains("Running code is not available on this server right now", refused.Message, StringComparison.Ordinal);
        var room = await app.CreateClient().GetStringAsync($"/c/{world.TokenA}/room");
        Assert.Contains("data-run-available=\"false\"", room, StringComparison.Ordinal);
        Assert.Contains("Running code is not available on this server right now", room, StringComparison.Ordinal);
        // Still serving interviews: degraded, not down, so a load balancer keeps the node.
        var degraded = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Contains("\"sandbox\":{\"status\":\"Degraded\",\"Description\":\"Run is off in every room: no sandbox worker takes runs", await degraded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Sandbox:WorkerSecret", "is required when Sandbox:WorkersFile is set")]
    [InlineData("short", "Sandbox:WorkerSecret", "is 5 characters; use at least 32")]
    public void AWebNode_WithoutAUsableSecret_IsRefusedByName(string? secret, string setting, string problem)
    {
        var file = SandboxWorkerProcess.WorkersFile(new Uri("http://127.0.0.1:5090"));
        var refused = Assert.Throws<InvalidSettingException>(() => new SandboxSettings { WorkersFile = file, WorkerSecret = secret }.Validated());
        Assert.Equal(setting, refused.Setting);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.0.0.7:5090/runs", "line 2: 'http://10.0.0.7:5090/runs' is not a worker's address")]
    [InlineData("10.0.0.7:5090", "line 2: '10.0.0.7:5090' is not a worker's address")]
    [InlineData("ftp://10.0.0.7", "line 2: 'ftp://10.0.0.7' is not a worker's address")]
    public void AWorkersFileWithABadLine_IsRefusedWithItsLine(string line, string problem)
    {
        var file = SandboxWorkerProcess.WorkersFile(new Uri("http://127.0.0.1:5090"));
        File.AppendAllLines(file, [line]);
        File.WriteAllLines(file, [.. File.ReadAllLines(file).Skip(1)]);
        var refused = Assert.Throws<InvalidSettingException>(() => new SandboxSettings { WorkersFile = file, WorkerSecret = SandboxWorkerProcess.Secret }.Validated());
        Assert.Equal("Sandbox:WorkersFile", refused.Setting);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkersFileThatDoesNotExist_IsRefused_SayingWhatToWrite()
    {
        var refused = Assert.Throws<InvalidSettingException>(() => new SandboxSettings { WorkersFile = "/etc/rapport/no-such-workers", WorkerSecret = SandboxWorkerProcess.Secret }.Validated());
        Assert.Equal("Sandbox:WorkersFile", refused.Setting);
        Assert.Contains("does not exist; create it with one sandbox worker's address per line", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorker_WithoutASecret_DoesNotStart_AndSaysWhichSetting()
    {
        using var rapport = new RapportProcess();
        var result = await rapport.RunAsync(["sandbox", "serve", "--port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Sandbox:WorkerSecret: is required when serving as a sandbox worker", result.Error, StringComparison.Ordinal);
        Assert.Contains("openssl rand -hex 32", result.Error, StringComparison.Ordinal);
    }
}
