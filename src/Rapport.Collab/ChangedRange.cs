namespace Rapport.Collab;

/// <summary>
/// One changed span: <see cref="FromA"/>..<see cref="ToA"/> of the old document became
/// <see cref="FromB"/>..<see cref="ToB"/> of the new one, holding <see cref="Inserted"/>.
/// </summary>
/// <remarks>Lets the room log describe an edit (a large paste, say) without re-deriving it from JSON.</remarks>
public readonly record struct ChangedRange(int FromA, int ToA, int FromB, int ToB, string Inserted);
