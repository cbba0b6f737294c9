using System.Globalization;
using System.Text.RegularExpressions;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Languages;

/// <summary>Node.js (never under an address-space rlimit: V8 reserves far more than it uses).</summary>
internal sealed partial class JavaScriptLanguage(SandboxOptions options) : Language
{
    public override string Id => "javascript";

    public override string DisplayName => "JavaScript (Node.js)";

    public override string FileName => "main.js";

    public override string CompileStep => "none (syntax errors are reported as compile errors when it runs)";

    public override string RunStep => $"{options.NodePath} main.js";

    public override async Task<string> ReadVersionAsync(LanguageContext context, CancellationToken cancellationToken) =>
        "Node.js " + (await ReadToolOutputAsync(context, [options.NodePath, "--version"], Environment(), cancellationToken)).TrimStart('v');

    public override SandboxCommand RunCommand(RunLimits limits) => new()
    {
        Arguments = [options.NodePath, $"{SandboxPaths.Box}/{FileName}"],
        Environment = Environment(),
    };

    public override IReadOnlyList<string> SyntaxCheckArguments => [options.NodePath, "--check", $"{SandboxPaths.Box}/{FileName}"];

    public override IReadOnlyList<CompilerMessage>? SyntaxErrorsInRun(string stderr)
    {
        var error = Parse(stderr);
        // A SyntaxError thrown while parsing the file has no frame in it (JSON.parse's would).
        return error is { Kind: "SyntaxError" } && !Frames().IsMatch(stderr)
            ? [new CompilerMessage("error", error.Line ?? 0, 0, error.Kind, error.Detail)]
            : null;
    }

    public override RuntimeErrorInfo? ParseRuntimeError(string stderr, int? signal) =>
        Parse(stderr) ?? (signal is { } s ? new RuntimeErrorInfo(Signals.Name(s), Signals.Explain(s), null) : null);

    public override bool ReportsOutOfMemory(string stderr) =>
        stderr.Contains("JavaScript heap out of memory", StringComparison.Ordinal);

    /// <summary>
    /// Node's report of an uncaught exception: "/box/main.js:LINE" (or another script's name),
    /// the source line, a caret, a blank line, "Kind: detail", then the stack.
    /// </summary>
    private static RuntimeErrorInfo? Parse(string stderr)
    {
        var header = Header().Match(stderr);
        var frame = Frames().Match(stderr);
        int? line = frame.Success ? int.Parse(frame.Groups[1].Value, CultureInfo.InvariantCulture)
            : header.Success ? int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

        var kind = Kind().Match(stderr);
        if (kind.Success)
        {
            return new RuntimeErrorInfo(kind.Groups[1].Value, kind.Groups[2].Value.TrimEnd(), line);
        }

        if (!header.Success)
        {
            return null;
        }

        // `throw 5`: the thrown value stands alone after the caret.
        var lines = stderr[header.Index..].Split('\n');
        var caret = Array.FindIndex(lines, l => l.TrimEnd().EndsWith('^'));
        var thrown = lines.Skip(caret + 1).FirstOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0]))?.TrimEnd() ?? "";
        return new RuntimeErrorInfo("Uncaught exception", thrown, line);
    }

    [GeneratedRegex(@"^/box/main\.js:(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Header();

    [GeneratedRegex(@"/box/main\.js:(\d+):\d+")]
    private static partial Regex Frames();

    [GeneratedRegex(@"^([A-Za-z_$][\w$.]*(?:Error|Exception))(?:: (.*))?$", RegexOptions.Multiline)]
    private static partial Regex Kind();
}
