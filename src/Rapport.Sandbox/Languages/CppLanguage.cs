using System.Globalization;
using System.Text.RegularExpressions;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Languages;

/// <summary>g++ compiles in the sandbox (its own uid, cgroup and limits); the binary then runs from the read-only /box.</summary>
internal sealed partial class CppLanguage(SandboxOptions options) : Language
{
    private const string Standard = "gnu++20";

    // Compiling is trusted tooling on untrusted input: bounded like a run, with room for cc1plus.
    private static readonly StepLimits CompileLimits = new()
    {
        CpuTime = TimeSpan.FromSeconds(15),
        WallTime = TimeSpan.FromSeconds(30),
        MemoryBytes = 768 * RunLimits.MiB,
        MaxProcesses = 64,
        OutputBytes = 64 * 1024,
        FileSizeBytes = 64 * RunLimits.MiB,
        OpenFiles = 256,
        TmpBytes = 128 * RunLimits.MiB,
    };

    public override string Id => "cpp";

    public override string DisplayName => "C++ (g++)";

    public override string FileName => "main.cpp";

    public override string CompileStep => $"{options.GppPath} -std={Standard} -O2 -pipe -Wall -fmax-errors=20 -o main main.cpp";

    public override string RunStep => "./main";

    public override async Task<string> ReadVersionAsync(LanguageContext context, CancellationToken cancellationToken) =>
        $"g++ {await ReadToolOutputAsync(context, [options.GppPath, "-dumpfullversion"], Environment(), cancellationToken)}, C++20 (GNU dialect)";

    public override async Task<CompileOutcome> CompileAsync(LanguageContext context, string source, CancellationToken cancellationToken)
    {
        context.Box.GiveTo(context.Uid);
        var outcome = await context.RunStepAsync(new SandboxCommand
        {
            Arguments = [options.GppPath, $"-std={Standard}", "-O2", "-pipe", "-Wall", "-fmax-errors=20", "-o", "main", FileName],
            Environment = Environment(),
            Mounts = [new BindMount(context.Box.Path, SandboxPaths.Box, Writable: true)],
        }, CompileLimits, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var messages = ParseDiagnostics(outcome.Stderr);
        var problem =
            !outcome.Started ? null
            : outcome.OomKills > 0 ? "The compiler ran out of memory on this code (a huge template expansion or #include of something endless?)."
            : outcome.StopReason is StopReason.CpuLimit or StopReason.WallLimit ? $"The compiler took longer than {CompileLimits.CpuTime!.Value.TotalSeconds:0} s on this code (a huge template expansion or #include of something endless?)."
            : outcome.StopReason == StopReason.OutputLimit ? "The compiler printed so many messages that it was stopped. Fix the first errors and try again."
            : null;
        if (!outcome.Started)
        {
            throw new SandboxSetupException($"g++ did not start in the sandbox: {outcome.SetupError}", "Run `rapport sandbox check`.");
        }

        var success = outcome.ExitCode == 0 && problem is null;
        if (!success && problem is null && !messages.Any(m => m.Severity == "error"))
        {
            problem = FirstErrorLine(outcome.Stderr);
        }

        return new CompileOutcome(success, messages, outcome.WallTime, problem);
    }

    public override SandboxCommand RunCommand(RunLimits limits) => new()
    {
        Arguments = [$"{SandboxPaths.Box}/main"],
        Environment = Environment(),
    };

    public override RuntimeErrorInfo? ParseRuntimeError(string stderr, int? signal)
    {
        var thrown = Uncaught().Match(stderr);
        if (thrown.Success)
        {
            return new RuntimeErrorInfo(thrown.Groups[1].Value, thrown.Groups[2].Value.Trim(), null);
        }

        var assertion = Assertion().Match(stderr);
        if (assertion.Success)
        {
            return new RuntimeErrorInfo("assertion failed", assertion.Groups[2].Value, int.Parse(assertion.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return signal is { } s ? new RuntimeErrorInfo(Signals.Name(s), Signals.Explain(s), null) : null;
    }

    public override bool ReportsOutOfMemory(string stderr) => stderr.Contains("std::bad_alloc", StringComparison.Ordinal);

    internal static IReadOnlyList<CompilerMessage> ParseDiagnostics(string stderr) =>
        [.. Diagnostic().Matches(stderr).Select(m => new CompilerMessage(
            m.Groups[3].Value == "warning" ? "warning" : "error",
            int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            "",
            m.Groups[4].Value.Trim()))];

    /// <summary>Linker and driver errors have no line: "undefined reference to `f()'" is still worth showing.</summary>
    private static string? FirstErrorLine(string stderr) =>
        stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("undefined reference", StringComparison.Ordinal))
        ?? stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal));

    [GeneratedRegex(@"^(?:/box/)?main\.cpp:(\d+):(\d+): (error|fatal error|warning): (.*)$", RegexOptions.Multiline)]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"terminate called after throwing an instance of '([^']*)'(?:\s*what\(\):\s*(.*))?")]
    private static partial Regex Uncaught();

    [GeneratedRegex(@"main\.cpp:(\d+): .*: Assertion `(.*)' failed\.")]
    private static partial Regex Assertion();
}
