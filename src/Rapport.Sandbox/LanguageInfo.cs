namespace Rapport.Sandbox;

/// <summary>A language as shown to people: what it is, which version really runs, how it is built and run.</summary>
public sealed record LanguageInfo(
    string Id,
    string DisplayName,
    string Version,
    string FileName,
    string CompileStep,
    string RunStep,
    RunLimits DefaultLimits);
