using System.Text.Json.Serialization;

namespace Rapport.Sandbox.CSharp;

// The wire format between the sandbox and its C# compiler worker: one JSON document per line.
// This file is compiled into both projects so the two ends cannot drift apart.

/// <summary>The worker's first line: the toolchain versions it really runs.</summary>
internal sealed record CompilerHello(string LanguageVersion, string RoslynVersion, string RuntimeVersion);

internal sealed record CompileRequest(long Id, string Source);

/// <summary>On success Assembly and Pdb carry the emitted files in base64.</summary>
internal sealed record CompileResponse(
    long Id,
    bool Success,
    string? Assembly,
    string? Pdb,
    IReadOnlyList<CompilerDiagnostic> Diagnostics);

/// <summary>Line and column are 1-based positions in the candidate's own file.</summary>
internal sealed record CompilerDiagnostic(string Severity, string Code, int Line, int Column, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CompilerHello))]
[JsonSerializable(typeof(CompileRequest))]
[JsonSerializable(typeof(CompileResponse))]
internal sealed partial class CompilerProtocolJson : JsonSerializerContext;
