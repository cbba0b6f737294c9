namespace Rapport.Collab;

/// <summary>The answer of <see cref="ChangeDesc.TouchesRange"/>: CodeMirror's <c>false</c>, <c>true</c> and <c>"cover"</c>.</summary>
public enum RangeTouch
{
    None,
    Touches,
    Covers,
}
