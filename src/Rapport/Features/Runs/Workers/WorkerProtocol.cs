using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Sandbox;

namespace Rapport.Features.Runs.Workers;

/// <summary>
/// What a web node and a sandbox worker say to each other (ADR 17). Every request but
/// <see cref="Health"/> is signed (<see cref="WorkerSignature"/>). A run is one POST whose answer
/// streams as JSON lines: the program's output as it comes, a heartbeat every second while
/// nothing else is said, and the result last. A stream that ends without a result, or falls
/// silent, means the worker stopped.
/// </summary>
public static class WorkerProtocol
{
    /// <summary>Unsigned and says nothing but up or down: for load balancers and service managers.</summary>
    public const string Health = "/healthz";

    public const string Status = "/v1/status";

    public const string Runs = "/v1/runs";

    public const string TimestampHeader = "X-Rapport-Timestamp";

    public const string SignatureHeader = "X-Rapport-Signature";

    /// <summary>How often a running worker says it is still there.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>How long a web node waits for the next line before it calls the worker stopped.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(5);

    /// <summary>The largest run request a worker reads: the largest source and input, with room for a question's tests.</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The most a web node reads of one run's answer: its output cap for both streams, streamed
    /// and then again in the result (and once more per test), JSON-escaped at up to six bytes a
    /// byte, with 16 MiB for everything else.
    /// </summary>
    public static long AnswerLimit(RunRequest run) =>
        (16L * 1024 * 1024) + (2L * 2 * 6 * (run.Limits ?? RunLimits.Default).OutputBytes * (1 + run.Tests.Count));

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerOptions.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}

/// <summary>One line of a run's answer: <c>output</c> (with channel and text), <c>alive</c>, or <c>result</c>.</summary>
public sealed record WorkerLine(string Kind, OutputChannel? Channel = null, string? Text = null, RunResult? Result = null)
{
    public const string Output = "output";
    public const string Alive = "alive";
    public const string Done = "result";
}

/// <summary>A worker's answer to <see cref="WorkerProtocol.Status"/>: whether it can run code, what, and how busy it is.</summary>
public sealed record WorkerStatus(bool Available, string? Detail, IReadOnlyList<LanguageInfo> Languages, int Slots, int Admitted, string Version);
