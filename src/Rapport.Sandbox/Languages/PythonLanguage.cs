using System.Text.RegularExpressions;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Languages;

/// <summary>Debian's /usr/bin/python3, the only Python with python3-numpy.</summary>
internal sealed partial class PythonLanguage(SandboxOptions options) : Language
{
    public override string Id => "python";

    public override string DisplayName => "Python 3 with NumPy";

    public override string FileName => "main.py";

    public override string CompileStep => "none (syntax errors are reported as compile errors when it runs)";

    public override string RunStep => $"{options.PythonPath} -I -B -u main.py";

    // Isolated mode (-I) ignores PYTHON* variables and the user's site; -B writes no .pyc into the read-only /box.
    // BLAS and OpenMP would start a thread per core; one is plenty and keeps runs inside the process limit.
    private IReadOnlyDictionary<string, string> RunEnvironment { get; } = Environment(
        ("OPENBLAS_NUM_THREADS", "1"), ("OMP_NUM_THREADS", "1"), ("MKL_NUM_THREADS", "1"));

    public override async Task<string> ReadVersionAsync(LanguageContext context, CancellationToken cancellationToken)
    {
        var output = await ReadToolOutputAsync(context,
            [options.PythonPath, "-I", "-c", "import sys, numpy; print('%d.%d.%d' % sys.version_info[:3], numpy.__version__)"],
            RunEnvironment, cancellationToken);
        var parts = output.Split(' ');
        return $"Python {parts[0]} with NumPy {parts[1]}";
    }

    public override SandboxCommand RunCommand(RunLimits limits) => new()
    {
        Arguments = [options.PythonPath, "-I", "-B", "-u", $"{SandboxPaths.Box}/{FileName}"],
        Environment = RunEnvironment,
    };

    public override IReadOnlyList<string> SyntaxCheckArguments =>
    [
        options.PythonPath, "-I", "-B", "-c",
        "import sys, traceback\ntry:\n    compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')\nexcept SyntaxError as e:\n    sys.stderr.write(''.join(traceback.format_exception_only(e)))\n    sys.exit(1)\n",
        $"{SandboxPaths.Box}/{FileName}",
    ];

    public override IReadOnlyList<CompilerMessage>? SyntaxErrorsInRun(string stderr)
    {
        // A syntax error in the main file is reported before anything runs: no traceback header.
        if (stderr.Contains("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            return null;
        }

        var last = LastLine(stderr);
        var error = SyntaxErrorLine().Match(last);
        if (!error.Success)
        {
            return null;
        }

        var line = FrameLines().Matches(stderr).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).LastOrDefault();
        return [new CompilerMessage("error", line, 0, error.Groups[1].Value, error.Groups[2].Value)];
    }

    public override RuntimeErrorInfo? ParseRuntimeError(string stderr, int? signal)
    {
        if (!stderr.Contains("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            return signal is { } s ? new RuntimeErrorInfo(Signals.Name(s), Signals.Explain(s), null) : null;
        }

        var last = LastLine(stderr);
        var separator = last.IndexOf(": ", StringComparison.Ordinal);
        var kind = separator > 0 ? last[..separator] : last;
        var detail = separator > 0 ? last[(separator + 2)..] : "";
        var frames = FrameLines().Matches(stderr);
        int? line = frames.Count > 0 ? int.Parse(frames[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new RuntimeErrorInfo(kind, detail, line);
    }

    public override bool ReportsOutOfMemory(string stderr) => LastLine(stderr).StartsWith("MemoryError", StringComparison.Ordinal);

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    [GeneratedRegex(@"File ""/box/main\.py"", line (\d+)")]
    private static partial Regex FrameLines();

    [GeneratedRegex(@"^(SyntaxError|IndentationError|TabError): (.*)$")]
    private static partial Regex SyntaxErrorLine();
}
