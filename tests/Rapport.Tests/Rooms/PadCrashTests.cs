using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Rapport.Collab;
using Rapport.Features.Interviews;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>Acknowledged pad edits survive the server being killed: a real process, killed with SIGKILL.</summary>
public sealed class PadCrashTests : IDisposable
{
    private readonly RapportProcess rapport = new();

    public void Dispose() => rapport.Dispose();

    [Fact]
    public async Task AcknowledgedEdits_SurviveAKilledServer()
    {
        Assert.Equal(0, (await rapport.RunAsync(["admin", "create-user", "--email", "c@example.com", "--name", "Cora", "--role", "coordinator", "--password-stdin"], input: RapportTestApp.Password)).ExitCode);
        var port = LoopbackPort.Free();
        var server = await StartAsync(port);
        string token;
        try
        {
            (token, _) = await PlanAsync(port);
            await using var pad = await ConnectAsync(port, token);
            var opened = await RoomTestSteps.JoinAndOpenPadAsync(pad);
            Assert.Equal((0, ""), (opened.Version, opened.Text));

            // Three acknowledged pushes: "hello", then " world", then "!".
            string[] edits = ["[[0,\"hello\"]]", "[5,[0,\" world\"]]", "[11,[0,\"!\"]]"];
            for (var version = 0; version < edits.Length; version++)
            {
                var pushed = await pad.InvokeAsync<PadPushed>("Push", version, new[] { JsonDocument.Parse(edits[version]).RootElement });
                Assert.True(pushed.Accepted, pushed.Problem);
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        var restarted = await StartAsync(port);
        try
        {
            await using var again = await ConnectAsync(port, token);
            var reopened = await RoomTestSteps.JoinAndOpenPadAsync(again);
            Assert.Equal((3, "hello world!"), (reopened.Version, reopened.Text));
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    /// <summary>
    /// The worst moment, found by chance many times over: two editors type as fast as the server
    /// takes their edits and a third connection pulls all the while; the server is killed mid-way.
    /// After the restart, every version any of them was ever given (broadcast or pulled) is in the
    /// log with the same edit, every acknowledged edit is there, and the restarted server goes on
    /// from the log's end, so it never hands out a version twice with different edits.
    /// </summary>
    [Fact]
    public async Task KilledWhileTwoTypeAndOnePulls_EveryVersionAnyoneSawIsTheLogs_AndNoneIsServedTwice()
    {
        Assert.Equal(0, (await rapport.RunAsync(["admin", "create-user", "--email", "c@example.com", "--name", "Cora", "--role", "coordinator", "--password-stdin"], input: RapportTestApp.Password)).ExitCode);
        var port = LoopbackPort.Free();
        var server = await StartAsync(port);
        var (token, cookies) = await PlanAsync(port);
        var interviewId = LastPlanned;
        // The kill comes the moment any client is given its 40th version: if anything left the server before
        // it was durable, that is when it is most likely still on its way to the disk.
        var fortieth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var candidate = new Editor("c", fortieth);
        var interviewer = new Editor("i", fortieth);
        var puller = new Seen(fortieth);
        var stop = new CancellationTokenSource();
        try
        {
            await candidate.ConnectAsync(port, token, null, hub => RoomTestSteps.JoinAndOpenPadAsync(hub));
            await interviewer.ConnectAsync(port, null, cookies, hub => RoomTestSteps.JoinAndOpenPadAsync(hub, interviewId));
            var pulling = await ConnectAsync(port, token);
            await RoomTestSteps.JoinAndOpenPadAsync(pulling);
            var work = new[]
            {
                candidate.TypeAsync(stop.Token),
                interviewer.TypeAsync(stop.Token),
                PullAsync(pulling, puller, stop.Token),
            };

            await fortieth.Task.WaitAsync(TimeSpan.FromSeconds(60));
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(work);
            await pulling.DisposeAsync();
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            await candidate.DisposeAsync();
            await interviewer.DisposeAsync();
        }

        Assert.NotEmpty(candidate.Acknowledged);
        Assert.NotEmpty(interviewer.Acknowledged);
        var restarted = await StartAsync(port);
        try
        {
            await using var reader = await ConnectAsync(port, token);
            var reopened = await RoomTestSteps.JoinAndOpenPadAsync(reader);
            var log = await reader.InvokeAsync<List<PadUpdateMessage>>("Pull", 0);
            Assert.Equal(reopened.Version, log.Count);
            var text = log.Aggregate("", (doc, u) => ChangeSet.FromJson(u.Changes).Apply(doc));
            Assert.Equal(reopened.Text, text);

            foreach (var (who, seen) in new[] { ("the candidate", candidate.Seen), ("the interviewer", interviewer.Seen), ("the puller", puller) })
            {
                Assert.True(seen.Count > 0, $"{who} saw no version at all");
                foreach (var (version, update) in seen.All)
                {
                    Assert.True(version < log.Count, $"{who} was given version {version}, which the log does not have ({log.Count} updates): the server served an edit it lost");
                    Assert.Equal(Seen.Key(log[version]), update);
                }
            }

            foreach (var editor in new[] { candidate, interviewer })
            {
                Assert.All(editor.Acknowledged, version => Assert.True(version <= log.Count, $"an edit acknowledged at version {version} is not in the log ({log.Count} updates)"));
            }

            // The restarted server goes on from the log's end: the next version is new, never one somebody already saw.
            var next = await reader.InvokeAsync<PadPushed>("Push", log.Count, new[] { JsonDocument.Parse(text.Length == 0 ? "[[0,\"after\"]]" : $"[{text.Length},[0,\"after\"]]").RootElement });
            Assert.True(next.Accepted, next.Problem);
            Assert.Equal(log.Count + 1, next.Version);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    private static async Task PullAsync(HubConnection hub, Seen seen, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var update in await CallAsync(() => hub.InvokeAsync<List<PadUpdateMessage>>("Pull", seen.Count, stop), stop) ?? [])
                {
                    seen.Record(update);
                }

                await Task.Delay(60, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or HttpRequestException or System.Net.WebSockets.WebSocketException)
        {
            // The server died under it: what it saw until then is what counts.
        }
    }

    /// <summary>A hub call; a refusal (the rate limit, a stale version) is an answer, not the end.</summary>
    private static async Task<T?> CallAsync<T>(Func<Task<T>> call, CancellationToken stop)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (HubException)
        {
            await Task.Delay(200, stop);
            return null;
        }
    }

    /// <summary>Every update one client was given, by version; a version given twice must be the same edit.</summary>
    private sealed class Seen(TaskCompletionSource fortieth)
    {
        private readonly ConcurrentDictionary<int, string> byVersion = new();

        public int Count => byVersion.Count;

        public IEnumerable<(int Version, string Update)> All => byVersion.Select(p => (p.Key, p.Value));

        /// <summary>Who made it and what it changes, in the server's own JSON for a change set.</summary>
        public static string Key(PadUpdateMessage update) =>
            $"{update.ClientId} {JsonSerializer.Serialize(ChangeSet.FromJson(update.Changes), PadJson.Options)}";

        public void Record(PadUpdateMessage update)
        {
            var key = Key(update);
            var held = byVersion.GetOrAdd(update.Version, key);
            Assert.True(held == key, $"version {update.Version} was given twice with different edits: {held} and {key}");
            if (update.Version >= 39)
            {
                fortieth.TrySetResult();
            }
        }
    }

    /// <summary>
    /// A minimal collab editor: it applies updates in version order, and types one character at the
    /// end of the text at its latest version, as fast as each push is answered; a refused push is
    /// followed by a pull, and the next edit is made afresh at the new end.
    /// </summary>
    private sealed class Editor(string key, TaskCompletionSource fortieth) : IAsyncDisposable
    {
        private readonly Lock gate = new();
        private readonly List<PadUpdateMessage> applied = [];
        private HubConnection? hub;
        private string text = "";

        public Seen Seen { get; } = new(fortieth);

        public ConcurrentBag<int> Acknowledged { get; } = [];

        public async Task ConnectAsync(int port, string? token, CookieContainer? cookies, Func<HubConnection, Task<PadOpened>> open)
        {
            hub = await PadCrashTests.ConnectAsync(port, token, cookies, h => h.On<List<PadUpdateMessage>>("PadUpdated", Receive));
            Assert.Equal(0, (await open(hub)).Version);
        }

        public async Task TypeAsync(CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    int version;
                    int length;
                    lock (gate)
                    {
                        (version, length) = (applied.Count, text.Length);
                    }

                    var changes = length == 0 ? $"[[0,\"{key}\"]]" : $"[{length},[0,\"{key}\"]]";
                    var pushed = await CallAsync(() => hub!.InvokeAsync<PadPushed>("Push", version, new[] { JsonDocument.Parse(changes).RootElement }, stop), stop);
                    if (pushed?.Accepted == true)
                    {
                        Acknowledged.Add(pushed.Version);
                    }

                    // As an editor does: the next edit is made on top of this one, once the server has sent it back
                    // (or, refused as stale, once caught up); a pull fills what the broadcast has not brought.
                    var until = pushed?.Accepted == true ? pushed.Version : version + 1;
                    for (var wait = 0; wait < 20 && Applied < until; wait++)
                    {
                        await Task.Delay(5, stop);
                    }

                    if (Applied < until)
                    {
                        Receive(await CallAsync(() => hub!.InvokeAsync<List<PadUpdateMessage>>("Pull", Applied, stop), stop) ?? []);
                    }

                    // Well inside the room's limit of calls per connection, as the browser's pad keeps to it.
                    await Task.Delay(40, stop);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or HttpRequestException or System.Net.WebSockets.WebSocketException)
            {
                // The server died under it (or the test is done).
            }
        }

        private int Applied
        {
            get
            {
                lock (gate)
                {
                    return applied.Count;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }

        private void Receive(List<PadUpdateMessage> updates)
        {
            lock (gate)
            {
                foreach (var update in updates)
                {
                    Seen.Record(update);
                    if (update.Version == applied.Count)
                    {
                        applied.Add(update);
                        text = ChangeSet.FromJson(update.Changes).Apply(text);
                    }
                }
            }
        }
    }

    private async Task<Process> StartAsync(int port)
    {
        var process = Process.Start(rapport.StartInfo(["serve", "--port", port.ToString()]))!;
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("Rapport is serving on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return process;
    }

    /// <summary>Plans an interview as the coordinator, who is its panel; returns the candidate's link token and the coordinator's cookies.</summary>
    private static async Task<(string Token, CookieContainer Cookies)> PlanAsync(int port)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var signIn = await http.PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = "c@example.com", ["Input.Password"] = RapportTestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var planned = await http.PostAsJsonAsync("/api/interviews", new CreateInterviewRequest(
            "Kim Candidate", "kim@example.org", "ML Engineer", TimeProvider.System.GetUtcNow().AddDays(1), 60, [await CoordinatorIdAsync(http)]));
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        var interview = (await planned.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!;
        LastPlanned = interview.Interview.Id;
        return (InterviewWorld.TokenOf(interview.CandidateLink.Url), cookies);
    }

    private static async Task<string> CoordinatorIdAsync(HttpClient http)
    {
        // The coordinator is the only account; its id is on its own interview form.
        var html = await http.GetStringAsync("/interviews/new");
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"interviewer\" value=\"([^\"]+)\"");
        Assert.True(match.Success);
        return match.Groups[1].Value;
    }

    private static Guid LastPlanned { get; set; }

    private static async Task<HubConnection> ConnectAsync(int port, string? token, CookieContainer? cookies = null, Action<HubConnection>? listen = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri($"http://127.0.0.1:{port}{RoomHub.Path}"), o =>
            {
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                if (cookies is not null)
                {
                    o.Cookies = cookies;
                }
            })
            .Build();
        listen?.Invoke(connection);
        await connection.StartAsync();
        return connection;
    }
}
