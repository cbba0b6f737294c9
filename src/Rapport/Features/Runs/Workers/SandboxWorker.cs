using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Rapport.Sandbox;

namespace Rapport.Features.Runs.Workers;

/// <summary>How a run on a worker ended, seen from the web node.</summary>
public enum WorkerOutcome
{
    /// <summary>The worker answered with a result (which may itself be Busy).</summary>
    Answered,

    /// <summary>Nothing ran: the worker could not be reached, refused this node, or is stopping. Another worker may take the run.</summary>
    NotTaken,

    /// <summary>The run started, then the worker went away (its stream broke or fell silent).</summary>
    Stopped,
}

/// <summary>
/// One sandbox worker, as a web node sees it: its address, what it last said about itself, and
/// the two calls (status, run). Never throws for anything the network or the worker does.
/// </summary>
public sealed class SandboxWorker(Uri address, HttpClient http, WorkerSignature signature)
{
    private const string WrongSecret = "it refused this node's signature: Sandbox:WorkerSecret is not the same on the web node and the worker";

    private int running;
    private bool asked;

    public Uri Address { get; } = address;

    /// <summary>Its last status, when it last answered one.</summary>
    public WorkerStatus? Status { get; private set; }

    /// <summary>Why it is not taking runs now; null while it is.</summary>
    public string? Problem { get; private set; } = "not asked yet";

    public bool TakesRuns => Problem is null && Status is { Available: true };

    /// <summary>Runs this node has on it now.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Asks the worker how it is; returns the change worth a log line, or null when nothing changed.</summary>
    public async Task<string?> AskAsync(CancellationToken ct)
    {
        var before = (Problem, Status?.Available);
        try
        {
            using var request = Signed(HttpMethod.Get, WorkerProtocol.Status, []);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(WorkerProtocol.Silence);
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                Problem = WrongSecret;
            }
            else if (!response.IsSuccessStatusCode)
            {
                Problem = $"it answered {(int)response.StatusCode} {response.ReasonPhrase} (is this address a Rapport sandbox worker?)";
            }
            else
            {
                Status = await response.Content.ReadFromJsonAsync<WorkerStatus>(WorkerProtocol.Json, timeout.Token);
                Problem = Status is { Available: true } ? null : $"it cannot run code: {Status?.Detail ?? "no reason given"}";
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or NotSupportedException && !ct.IsCancellationRequested)
        {
            Problem = Unreachable(e);
        }

        var first = !asked;
        asked = true;
        if (!first && before == (Problem, Status?.Available))
        {
            return null;
        }

        return Problem is null
            ? $"{Address} takes runs: {Status!.Slots} at once, {string.Join(", ", Status.Languages.Select(l => l.Version))} (Rapport {Status.Version})"
            : $"{Address} takes no runs: {Problem}";
    }

    /// <summary>Runs on this worker, passing its output on as it comes.</summary>
    public async Task<(WorkerOutcome Outcome, RunResult? Result, string? Problem)> RunAsync(RunRequest run, IProgress<OutputChunk>? output, CancellationToken ct)
    {
        Interlocked.Increment(ref running);
        try
        {
            return await SendRunAsync(run, output, ct);
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    private async Task<(WorkerOutcome, RunResult?, string?)> SendRunAsync(RunRequest run, IProgress<OutputChunk>? output, CancellationToken ct)
    {
        HttpResponseMessage response;
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            using var request = Signed(HttpMethod.Post, WorkerProtocol.Runs, JsonSerializer.SerializeToUtf8Bytes(run, WorkerProtocol.Json));
            silence.CancelAfter(WorkerProtocol.Silence);
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, silence.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Nothing reached the worker's sandbox: another worker can take the run.
            Problem = Unreachable(e);
            return (WorkerOutcome.NotTaken, null, Problem);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var problem = response.StatusCode == HttpStatusCode.Unauthorized
                    ? WrongSecret
                    : $"it answered {(int)response.StatusCode}: {await BodyAsync(response, ct)}";
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    Problem = problem;
                }

                return (WorkerOutcome.NotTaken, null, problem);
            }

            try
            {
                await using var stream = new CappedReadStream(await response.Content.ReadAsStreamAsync(silence.Token), WorkerProtocol.AnswerLimit(run));
                using var reader = new StreamReader(stream);
                while (true)
                {
                    silence.CancelAfter(WorkerProtocol.Silence);
                    var text = await reader.ReadLineAsync(silence.Token);
                    if (text is null)
                    {
                        return (WorkerOutcome.Stopped, null, "its answer ended before the run's result");
                    }

                    var line = JsonSerializer.Deserialize<WorkerLine>(text, WorkerProtocol.Json);
                    switch (line)
                    {
                        case { Kind: WorkerLine.Done, Result: { } result }:
                            return (WorkerOutcome.Answered, result, null);
                        case { Kind: WorkerLine.Output, Channel: { } channel, Text: { } chunk }:
                            output?.Report(new OutputChunk(channel, chunk));
                            break;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                var problem = e is OperationCanceledException
                    ? $"it said nothing for {WorkerProtocol.Silence.TotalSeconds:0} s during the run"
                    : $"its answer broke off during the run: {e.GetBaseException().Message}";
                Problem = problem;
                return (WorkerOutcome.Stopped, null, problem);
            }
        }
    }

    private static string Unreachable(Exception e) => e is OperationCanceledException
        ? $"it did not answer within {WorkerProtocol.Silence.TotalSeconds:0} s"
        : $"it cannot be reached: {e.GetBaseException().Message}";

    private HttpRequestMessage Signed(HttpMethod method, string path, byte[] body)
    {
        var (timestamp, signed) = signature.Sign(method.Method, path, body);
        var request = new HttpRequestMessage(method, new Uri(Address, path));
        request.Headers.Add(WorkerProtocol.TimestampHeader, timestamp);
        request.Headers.Add(WorkerProtocol.SignatureHeader, signed);
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            return body.Length > 300 ? body[..300] : body;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return response.ReasonPhrase ?? "";
        }
    }
}
