namespace Rapport.Collab;

/// <summary>The text of a pad at a version, read together so a joining client starts consistent.</summary>
public sealed record PadSnapshot(int Version, string Text);
