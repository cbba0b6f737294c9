using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
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
            token = await PlanAsync(port);
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

    private static async Task<string> PlanAsync(int port)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var signIn = await http.PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = "c@example.com", ["Input.Password"] = RapportTestApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var planned = await http.PostAsJsonAsync("/api/interviews", new CreateInterviewRequest(
            "Kim Candidate", "kim@example.org", "ML Engineer", TimeProvider.System.GetUtcNow().AddDays(1), 60, [await CoordinatorIdAsync(http)]));
        Assert.Equal(HttpStatusCode.Created, planned.StatusCode);
        return InterviewWorld.TokenOf((await planned.Content.ReadFromJsonAsync<PlannedInterviewResponse>())!.CandidateLink.Url);
    }

    private static async Task<string> CoordinatorIdAsync(HttpClient http)
    {
        // The coordinator is the only account; its id is on its own interview form.
        var html = await http.GetStringAsync("/interviews/new");
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"interviewer\" value=\"([^\"]+)\"");
        Assert.True(match.Success);
        return match.Groups[1].Value;
    }

    private static async Task<HubConnection> ConnectAsync(int port, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri($"http://127.0.0.1:{port}{RoomHub.Path}"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
