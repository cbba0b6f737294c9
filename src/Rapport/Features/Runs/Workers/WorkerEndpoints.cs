using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using Rapport.Sandbox;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// A sandbox worker's three addresses (<see cref="WorkerProtocol"/>): health for service managers,
/// and, for web nodes that sign their requests, its status and runs. A request that is not signed
/// with the cluster's secret is refused and logged, and nothing of it is read further.
/// </summary>
public static partial class WorkerEndpoints
{
    public static readonly string Version =
        typeof(WorkerEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void MapSandboxWorker(this WebApplication app)
    {
        var runtime = app.Services.GetRequiredService<SandboxRuntime>();
        var signature = app.Services.GetRequiredService<WorkerSignature>();
        var settings = app.Services.GetRequiredService<SandboxSettings>();
        var stopping = app.Lifetime.ApplicationStopping;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WorkerEndpoints).FullName!);

        app.MapGet(WorkerProtocol.Health, async (CancellationToken ct) =>
            !stopping.IsCancellationRequested && (await runtime.AvailabilityAsync(ct)).Available
                ? Results.Text("ok")
                : Results.Text(stopping.IsCancellationRequested ? "stopping" : "cannot run code", statusCode: StatusCodes.Status503ServiceUnavailable));

        app.MapGet(WorkerProtocol.Status, async (HttpContext context) =>
        {
            if ((await ReadSignedAsync(context, signature, logger)).Refused is { } refused)
            {
                return refused;
            }

            var ct = context.RequestAborted;
            var availability = await runtime.AvailabilityAsync(ct);
            var available = availability.Available && !stopping.IsCancellationRequested;
            var detail = stopping.IsCancellationRequested ? "the worker is stopping (its runs going on finish)" : availability.OperatorDetail;
            return Results.Json(
                new WorkerStatus(available, detail, available ? await runtime.LanguagesAsync(ct) : [], settings.Workers, runtime.Admitted, Version),
                WorkerProtocol.Json);
        });

        app.MapPost(WorkerProtocol.Runs, async (HttpContext context) =>
        {
            var (refusedRun, body) = await ReadSignedAsync(context, signature, logger);
            if (refusedRun is not null)
            {
                await refusedRun.ExecuteAsync(context);
                return;
            }

            if (stopping.IsCancellationRequested)
            {
                await Results.Text("This worker is stopping; another worker takes the run.", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                return;
            }

            RunRequest? run;
            try
            {
                run = JsonSerializer.Deserialize<RunRequest>(body, WorkerProtocol.Json);
            }
            catch (JsonException e)
            {
                await Results.Text($"The run request is not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }

            if (run is null)
            {
                await Results.Text("The run request is empty.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }

            await StreamRunAsync(context, runtime, run);
        });
    }

    /// <summary>The program's output as it comes, a heartbeat while it is quiet, the result last; each line sent at once.</summary>
    private static async Task StreamRunAsync(HttpContext context, SandboxRuntime runtime, RunRequest run)
    {
        var ct = context.RequestAborted;
        var lines = Channel.CreateUnbounded<WorkerLine>(new UnboundedChannelOptions { SingleReader = true });
        var output = new LineProgress(lines.Writer);
        var running = Task.Run(
            async () =>
            {
                try
                {
                    var result = await runtime.Jobs.RunAsync(run, output, ct);
                    lines.Writer.TryWrite(new WorkerLine(WorkerLine.Done, Result: result));
                }
                finally
                {
                    lines.Writer.TryComplete();
                }
            },
            CancellationToken.None);

        context.Response.ContentType = "application/x-ndjson";
        var body = context.Response.Body;
        try
        {
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(WorkerProtocol.Heartbeat);
                bool more;
                try
                {
                    more = await lines.Reader.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(body, new WorkerLine(WorkerLine.Alive), ct);
                    await body.FlushAsync(ct);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (lines.Reader.TryRead(out var line))
                {
                    await WriteAsync(body, line, ct);
                }

                await body.FlushAsync(ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The web node went away (it stopped, or its room was closed): the run is cancelled with it.
        }

        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WriteAsync(Stream body, WorkerLine line, CancellationToken ct)
    {
        await body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(line, WorkerProtocol.Json), ct);
        await body.WriteAsync(NewLine, ct);
    }

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    /// <summary>
    /// The body, read whole (Kestrel bounds its size) once the headers pass, then the signature over
    /// it; a refusal is logged with who sent it and answered 401, and no body comes back.
    /// </summary>
    private static async Task<(IResult? Refused, byte[] Body)> ReadSignedAsync(HttpContext context, WorkerSignature signature, ILogger logger)
    {
        var request = context.Request;
        var (timestamp, signed) = (request.Headers[WorkerProtocol.TimestampHeader].ToString(), request.Headers[WorkerProtocol.SignatureHeader].ToString());
        byte[] body = [];
        var refusal = signature.Precheck(timestamp, signed);
        if (refusal is null)
        {
            try
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, context.RequestAborted);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException e)
            {
                return (Results.Text(e.Message, statusCode: e.StatusCode), []);
            }

            refusal = signature.Refusal(request.Method, request.Path.Value ?? "", timestamp, signed, body);
        }

        if (refusal is null)
        {
            return (null, body);
        }

        LogRefused(logger, request.Method, request.Path.Value ?? "", context.Connection.RemoteIpAddress?.ToString() ?? "?", refusal);
        return (Results.Text($"Refused: {refusal}.", statusCode: StatusCodes.Status401Unauthorized), []);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: {Refusal}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remote, string refusal);

    /// <summary>Output passed on in the order it came, from whichever thread reads the program's streams.</summary>
    private sealed class LineProgress(ChannelWriter<WorkerLine> lines) : IProgress<OutputChunk>
    {
        public void Report(OutputChunk value) => lines.TryWrite(new WorkerLine(WorkerLine.Output, value.Channel, value.Text));
    }
}
