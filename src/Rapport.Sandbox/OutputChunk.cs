namespace Rapport.Sandbox;

public enum OutputStream
{
    Stdout,
    Stderr,
}

/// <summary>A piece of a running program's output, as it arrives.</summary>
public sealed record OutputChunk(OutputStream Stream, string Text);
