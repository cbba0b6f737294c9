using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Languages;

/// <summary>
/// One language of the catalogue: how its code is compiled and run inside the sandbox, and how
/// its compiler's and runtime's words are turned into messages about the candidate's own lines.
/// </summary>
internal abstract class Language
{
    /// <summary>The environment every sandboxed program starts with; nothing else of the host's.</summary>
    protected static readonly IReadOnlyDictionary<string, string> BaseEnvironment = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/tmp",
        ["TMPDIR"] = "/tmp",
        ["LANG"] = "C.UTF-8",
        ["LC_ALL"] = "C.UTF-8",
    };

    public abstract string Id { get; }

    public abstract string DisplayName { get; }

    /// <summary>The candidate's file, inside /box.</summary>
    public abstract string FileName { get; }

    /// <summary>For people: how the code is compiled.</summary>
    public abstract string CompileStep { get; }

    /// <summary>For people: how the program is run.</summary>
    public abstract string RunStep { get; }

    public virtual RunLimits DefaultLimits => RunLimits.Default;

    /// <summary>The version string shown to users, read from the real toolchain inside the sandbox.</summary>
    public abstract Task<string> ReadVersionAsync(LanguageContext context, CancellationToken cancellationToken);

    public virtual Task<CompileOutcome> CompileAsync(LanguageContext context, string source, CancellationToken cancellationToken) =>
        Task.FromResult(CompileOutcome.NothingToCompile);

    public abstract SandboxCommand RunCommand(RunLimits limits);

    /// <summary>
    /// For an interpreter: the arguments of a run step that only looks for syntax errors in the
    /// program, reporting them as a run would (see <see cref="SyntaxErrorsInRun"/>). Tests run it
    /// first, so that a syntax error is reported once, from the program itself, and never read out
    /// of a test's run, where the program's own words could be forged (or quote a hidden input).
    /// </summary>
    public virtual IReadOnlyList<string>? SyntaxCheckArguments => null;

    /// <summary>Interpreters find syntax errors only when run; those are compile errors all the same.</summary>
    public virtual IReadOnlyList<CompilerMessage>? SyntaxErrorsInRun(string stderr) => null;

    public abstract RuntimeErrorInfo? ParseRuntimeError(string stderr, int? signal);

    /// <summary>The runtime's own out-of-memory report (a managed heap limit, not the kernel's OOM killer).</summary>
    public virtual bool ReportsOutOfMemory(string stderr) => false;

    /// <summary>The candidate sees their file's name, not where the sandbox keeps it.</summary>
    public static string WithoutSandboxPaths(string text) =>
        text.Replace(SandboxPaths.Box + "/", "", StringComparison.Ordinal);

    protected static Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(BaseEnvironment);
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Runs a toolchain command in the sandbox and returns its trimmed stdout.</summary>
    protected static async Task<string> ReadToolOutputAsync(LanguageContext context, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var outcome = await context.RunToolAsync(new SandboxCommand { Arguments = arguments, Environment = environment, WorkingDirectory = "/tmp" }, cancellationToken);
        if (!outcome.Started || outcome.ExitCode != 0)
        {
            throw new SandboxSetupException(
                $"'{string.Join(' ', arguments)}' failed in the sandbox: {outcome.SetupError ?? outcome.Stderr.Trim()}",
                "Run `rapport sandbox check` and install what it names.");
        }

        return outcome.Stdout.Trim();
    }
}

/// <summary>What a compile step produced: success, or messages about the candidate's lines.</summary>
internal sealed record CompileOutcome(bool Success, IReadOnlyList<CompilerMessage> Messages, TimeSpan Elapsed, string? Problem = null)
{
    public static CompileOutcome NothingToCompile { get; } = new(true, [], TimeSpan.Zero);
}
