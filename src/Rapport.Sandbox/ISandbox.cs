namespace Rapport.Sandbox;

/// <summary>
/// The one door to running candidate code. The host calls it; it never runs code itself.
/// </summary>
public interface ISandbox
{
    /// <summary>
    /// Compiles and runs a program (or its tests) in isolation. Never throws for anything the
    /// candidate's code does: every outcome is a <see cref="RunResult"/> with a verdict.
    /// Output is streamed to <paramref name="output"/> while the program runs (plain runs only,
    /// never the output of hidden tests).
    /// </summary>
    Task<RunResult> RunAsync(RunRequest request, IProgress<OutputChunk>? output, CancellationToken cancellationToken);

    /// <summary>
    /// The languages this machine can run, with versions read from the real toolchains inside
    /// the sandbox. The first call also starts the C# compiler worker: call it at startup to warm up.
    /// </summary>
    Task<IReadOnlyList<LanguageInfo>> GetLanguagesAsync(CancellationToken cancellationToken);
}
