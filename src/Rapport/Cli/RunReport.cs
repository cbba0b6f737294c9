using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rapport.Features.Questions.Testing;
using Rapport.Sandbox;

namespace Rapport.Cli;

/// <summary>A run's verdict for operators and scripts: a readable summary, or one JSON object.</summary>
internal static class RunReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Json(RunResult result, IReadOnlyList<QuestionTestOutcome> tests, string source) => JsonSerializer.Serialize(
        new
        {
            verdict = result.Verdict,
            message = result.Message,
            language = result.Language,
            languageVersion = result.LanguageVersion,
            codeSha256 = Sandbox.CodeHash.Of(source),
            exitCode = result.ExitCode,
            signal = result.Signal,
            compileMs = Milliseconds(result.CompileTime),
            cpuMs = Milliseconds(result.CpuTime),
            wallMs = Milliseconds(result.WallTime),
            peakMemoryBytes = result.PeakMemoryBytes,
            stdout = result.Stdout,
            stderr = result.Stderr,
            outputTruncated = result.OutputTruncated,
            processLimitReached = result.ProcessLimitReached,
            compilerMessages = result.CompilerMessages,
            runtimeError = result.RuntimeError,
            tests = tests.Select(t => new { name = t.Name, visible = t.Visible, passed = t.Passed, message = t.Message, call = t.Call, expected = t.Expected, actual = t.Actual }),
            limits = result.Limits is { } limits ? Features.Runs.RunLimitsJson.Describe(limits) : null,
            retryAfterSeconds = result.RetryAfter?.TotalSeconds,
            operatorDetail = result.OperatorDetail,
        },
        JsonOptions);

    public static async Task WriteTextAsync(TextWriter output, RunResult result, IReadOnlyList<QuestionTestOutcome> tests)
    {
        await output.WriteLineAsync($"{result.Verdict}: {result.Message}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.LanguageVersion ?? result.Language} · exit {(result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-")}{(result.Signal is { } signal ? $" (signal {signal})" : "")} · CPU {Milliseconds(result.CpuTime)} ms · wall {Milliseconds(result.WallTime)} ms{(result.CompileTime > TimeSpan.Zero ? $" · compile {Milliseconds(result.CompileTime)} ms" : "")}{(result.PeakMemoryBytes is { } peak ? $" · peak memory {peak / (1024.0 * 1024):0.0} MB" : "")}"));
        foreach (var message in result.CompilerMessages)
        {
            await output.WriteLineAsync($"line {message.Line}:{message.Column}: {message.Severity}: {message.Text}");
        }

        await Stream(output, "stdout", result.Stdout);
        await Stream(output, "stderr", result.Stderr);
        if (result.OutputTruncated)
        {
            await output.WriteLineAsync("(output truncated)");
        }

        foreach (var test in tests)
        {
            await output.WriteLineAsync($"{(test.Passed ? "pass" : "FAIL")} {test.Name}{(test.Visible ? "" : " (hidden)")}{(test.Passed ? "" : $": {test.Message}")}");
            if (!test.Passed && test.Visible)
            {
                await output.WriteLineAsync($"     {test.Call}\n     expected: {test.Expected}\n     actual:   {test.Actual ?? "-"}");
            }
        }

        if (result.OperatorDetail is { } detail)
        {
            await output.WriteLineAsync($"operator detail: {detail}");
        }
    }

    private static async Task Stream(TextWriter output, string name, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        await output.WriteLineAsync($"--- {name} ---");
        await output.WriteAsync(text);
        if (!text.EndsWith('\n'))
        {
            await output.WriteLineAsync();
        }
    }

    private static double Milliseconds(TimeSpan time) => Math.Round(time.TotalMilliseconds, 1);
}
