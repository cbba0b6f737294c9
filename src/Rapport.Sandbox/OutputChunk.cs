namespace Rapport.Sandbox;

public enum OutputChannel
{
    Stdout,
    Stderr,
}

/// <summary>A piece of a running program's output, as it arrives.</summary>
public sealed record OutputChunk(OutputChannel Channel, string Text);
