namespace Rapport.Collab;

/// <summary>
/// A remote cursor or selection in a pad: <see cref="Anchor"/> stays put, <see cref="Head"/> moves
/// with the caret. Mapped through edits exactly as CodeMirror maps a <c>SelectionRange</c>, so a
/// peer's cursor drawn by the server's numbers lands where their own editor has it.
/// </summary>
public readonly record struct PadSelection(int Anchor, int Head)
{
    public static PadSelection Cursor(int position) => new(position, position);

    public int From => Math.Min(Anchor, Head);

    public int To => Math.Max(Anchor, Head);

    public bool IsEmpty => Anchor == Head;

    /// <summary>
    /// The selection after <paramref name="changes"/>. A cursor sticks to the side given by
    /// <paramref name="assoc"/>; a range keeps insertions at its edges outside itself.
    /// </summary>
    public PadSelection Map(ChangeDesc changes, int assoc = -1)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (IsEmpty)
        {
            return Cursor(changes.MapPos(Anchor, assoc));
        }

        int from = changes.MapPos(From, 1), to = changes.MapPos(To, -1);
        return Head < Anchor ? new PadSelection(to, from) : new PadSelection(from, to);
    }
}
