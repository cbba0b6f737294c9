using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.Languages;

/// <summary>
/// C# compiled by Roslyn in the long-lived, sandboxed compiler worker; run with the shared .NET
/// runtime (never `dotnet run`, which takes seconds and hangs in a sandbox).
/// </summary>
internal sealed partial class CSharpLanguage(SandboxOptions options) : Language
{
    // Tiered compilation stays on (fast start); W^X off because it double-maps memory through
    // files, which the file-size rlimit forbids; no diagnostics IPC socket in /tmp.
    internal const string RuntimeConfig = """
        {
          "runtimeOptions": {
            "tfm": "net10.0",
            "framework": { "name": "Microsoft.NETCore.App", "version": "10.0.0" },
            "configProperties": {
              "System.GC.Concurrent": false,
              "System.Globalization.Invariant": true
            }
          }
        }
        """;

    public override string Id => "csharp";

    public override string DisplayName => "C#";

    public override string FileName => "main.cs";

    public override string CompileStep => "Roslyn in a sandboxed, long-lived compiler process (top-level statements, implicit usings, nullable on)";

    public override string RunStep => $"{options.DotnetPath} main.dll";

    public override async Task<string> ReadVersionAsync(LanguageContext context, CancellationToken cancellationToken)
    {
        var hello = await context.CSharp.HelloAsync(cancellationToken);
        return $"C# {hello.LanguageVersion} (Roslyn {hello.RoslynVersion}) on .NET {hello.RuntimeVersion}";
    }

    public override async Task<CompileOutcome> CompileAsync(LanguageContext context, string source, CancellationToken cancellationToken)
    {
        var result = await context.CSharp.CompileAsync(source, cancellationToken);
        if (result.Response is { Success: true } response)
        {
            context.Box.Write("main.dll", Convert.FromBase64String(response.Assembly!));
            context.Box.Write("main.pdb", Convert.FromBase64String(response.Pdb!));
            context.Box.Write("main.runtimeconfig.json", Encoding.UTF8.GetBytes(RuntimeConfig));
        }

        var messages = result.Response?.Diagnostics
            .Select(d => new CompilerMessage(d.Severity, d.Line, d.Column, d.Code, d.Message))
            .ToList() ?? [];
        return new CompileOutcome(result.Response?.Success == true, messages, result.Elapsed, result.Problem);
    }

    public override SandboxCommand RunCommand(RunLimits limits) => new()
    {
        Arguments = [options.DotnetPath, $"{SandboxPaths.Box}/main.dll"],
        Environment = RuntimeEnvironment(limits.MemoryBytes),
    };

    /// <summary>
    /// .NET cannot see the cgroup from inside the sandbox, so the GC gets its heap limit
    /// explicitly (hex, three quarters of the run's memory); no address-space rlimit is used.
    /// </summary>
    internal static Dictionary<string, string> RuntimeEnvironment(long memoryBytes) => Environment(
        ("DOTNET_EnableWriteXorExecute", "0"),
        ("DOTNET_GCHeapHardLimit", (memoryBytes / 4 * 3).ToString("x", CultureInfo.InvariantCulture)),
        ("DOTNET_EnableDiagnostics", "0"),
        ("DOTNET_TieredPGO", "0"),
        ("DOTNET_gcServer", "0"),
        ("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
        ("DOTNET_NOLOGO", "1"));

    public override RuntimeErrorInfo? ParseRuntimeError(string stderr, int? signal)
    {
        var unhandled = Unhandled().Match(stderr);
        if (!unhandled.Success)
        {
            return signal is { } s ? new RuntimeErrorInfo(Signals.Name(s), Signals.Explain(s), null) : null;
        }

        var frame = Frame().Match(stderr, unhandled.Index);
        int? line = frame.Success ? int.Parse(frame.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var kind = unhandled.Groups[1].Value;
        return new RuntimeErrorInfo(kind[(kind.LastIndexOf('.') + 1)..], unhandled.Groups[2].Value.Trim(), line);
    }

    /// <summary>An unhandled OutOfMemoryException, or the runtime's own fatal "Out of memory." when the GC heap limit is hit.</summary>
    public override bool ReportsOutOfMemory(string stderr) =>
        stderr.Contains("System.OutOfMemoryException", StringComparison.Ordinal)
        || stderr.Split('\n').Any(line => line.Trim() == "Out of memory.");

    [GeneratedRegex(@"Unhandled exception\. ([\w.`]+): ?(.*)")]
    private static partial Regex Unhandled();

    [GeneratedRegex(@" in (?:/box/)?main\.cs:line (\d+)")]
    private static partial Regex Frame();
}
