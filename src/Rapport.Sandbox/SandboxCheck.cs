namespace Rapport.Sandbox;

/// <summary>One line of the self-check: what was checked, whether it holds, and the exact fix when not.</summary>
public sealed record SandboxCheck(string Name, bool Passed, string Detail, string? Fix = null);
