using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Rapport.Sandbox.CSharp;

/// <summary>
/// Compiles one candidate file into a console program. The metadata references are loaded once,
/// so every compile after the first costs milliseconds.
/// </summary>
internal sealed class SubmissionCompiler
{
    /// <summary>The file name the candidate's code carries in messages and stack traces.</summary>
    public const string SourceFileName = "main.cs";

    // The same implicit usings a `dotnet new console` project has, in their own tree so the
    // candidate's line numbers are untouched. Debug IL keeps one sequence point per statement,
    // so an exception names the right line; declaring DebuggableAttribute ourselves stops Roslyn
    // from adding DisableOptimizations, so the JIT still optimizes (a sieve runs 2.4x faster).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        [assembly: System.Diagnostics.Debuggable(System.Diagnostics.DebuggableAttribute.DebuggingModes.IgnoreSymbolStoreSequencePoints)]
        """;

    private readonly CSharpParseOptions parseOptions = new(LanguageVersion.Latest);
    private readonly CSharpCompilationOptions compilationOptions = new(
        OutputKind.ConsoleApplication,
        optimizationLevel: OptimizationLevel.Debug,
        nullableContextOptions: NullableContextOptions.Enable,
        concurrentBuild: false,
        deterministic: true);
    private readonly EmitOptions emitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb);
    private readonly ImmutableArray<MetadataReference> references = FrameworkReferences();
    private readonly SyntaxTree usingsTree;

    public SubmissionCompiler()
    {
        usingsTree = CSharpSyntaxTree.ParseText(SourceText.From(ImplicitUsings, Encoding.UTF8), parseOptions, path: "usings.g.cs");
        var language = LanguageVersion.Latest.MapSpecifiedToEffectiveVersion().ToDisplayString();
        var roslyn = typeof(CSharpCompilation).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        Hello = new CompilerHello(language, roslyn.Split('+', '-')[0], Environment.Version.ToString());
    }

    public CompilerHello Hello { get; }

    /// <summary>The first compile JITs most of Roslyn; do it before the first candidate waits.</summary>
    public void WarmUp()
    {
        if (!Compile(new CompileRequest(0, "Console.WriteLine(\"warm\");")).Success)
        {
            throw new InvalidOperationException("The warm-up program did not compile: the framework references are broken.");
        }
    }

    public CompileResponse Compile(CompileRequest request)
    {
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(request.Source, Encoding.UTF8), parseOptions, path: SourceFileName);
        var compilation = CSharpCompilation.Create("main", [usingsTree, tree], references, compilationOptions);

        using var assembly = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(assembly, pdb, options: emitOptions);

        var diagnostics = result.Diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .OrderBy(d => d.Severity == DiagnosticSeverity.Error ? 0 : 1)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .Select(ToDiagnostic)
            .ToList();

        return result.Success
            ? new CompileResponse(request.Id, true, Convert.ToBase64String(assembly.ToArray()), Convert.ToBase64String(pdb.ToArray()), diagnostics)
            : new CompileResponse(request.Id, false, null, null, diagnostics);
    }

    private static CompilerDiagnostic ToDiagnostic(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var inCandidateFile = diagnostic.Location.IsInSource && span.Path == SourceFileName;
        return new CompilerDiagnostic(
            diagnostic.Severity == DiagnosticSeverity.Error ? "error" : "warning",
            diagnostic.Id,
            inCandidateFile ? span.StartLinePosition.Line + 1 : 0,
            inCandidateFile ? span.StartLinePosition.Character + 1 : 0,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The shared framework's assemblies: what a console app may reference.</summary>
    private static ImmutableArray<MetadataReference> FrameworkReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return [.. trusted
            .Where(path => path.Length > 0 && Path.GetDirectoryName(path) == frameworkDirectory)
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
