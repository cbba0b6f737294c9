namespace Rapport.Collab;

/// <summary>How <see cref="ChangeDesc.MapPos(int, int, MapMode)"/> treats a position whose surroundings were deleted.</summary>
/// <remarks>Same members and values as CodeMirror's <c>MapMode</c>, so a mode can cross the wire as a number.</remarks>
public enum MapMode
{
    /// <summary>Always map to a valid position, even when its context was deleted.</summary>
    Simple = 0,

    /// <summary>Return null when a deletion spans the position.</summary>
    TrackDel = 1,

    /// <summary>Return null when the character before the position is deleted.</summary>
    TrackBefore = 2,

    /// <summary>Return null when the character after the position is deleted.</summary>
    TrackAfter = 3,
}
