namespace Rapport.Collab;

/// <summary>
/// Change sets that @codemirror/state's <c>fromJSON</c> reads but that make editors throw or
/// disagree: the authority refuses them with the reason. Which forms these are was found with the
/// real libraries (the <c>validity</c> conformance fixtures, judged by their behaviour).
/// </summary>
internal static class ChangeBoundaries
{
    /// <summary>
    /// A kept span of length zero (<c>0</c> in the JSON form). Editors never make one. At the
    /// start or end of a change set, every editor holding unsent edits fails to rebase them
    /// ("Mismatched change set lengths"), and so does the server rebasing a later push; in the
    /// middle, composing it with a following update inserts that update's text twice. An empty
    /// replacement (<c>[0]</c>) is harmless: the library treats it exactly as if it were absent.
    /// </summary>
    public static string? EmptyKeptSpan(ChangeDesc changes)
    {
        var sections = changes.Sections;
        for (var i = 0; i < sections.Length; i += 2)
        {
            if (sections[i] == 0 && sections[i + 1] < 0)
            {
                return $"keeps an empty span at part {i / 2} (a 0 that keeps nothing), which no editor sends and which breaks editors that rebase over it; leave it out.";
            }
        }

        return null;
    }

    /// <summary>
    /// A change that starts or ends between the two halves of a character outside the Basic
    /// Multilingual Plane (a surrogate pair, such as an emoji): the editors that apply it keep a lone
    /// half, a freshly opened editor gets U+FFFD instead, and they disagree from then on. A change
    /// is what <c>iterChanges</c> reports: adjacent replaced parts count as one, so a deletion
    /// written as two parts that meet inside a pair removes whole characters and is accepted.
    /// </summary>
    public static string? SplitsCharacter(ChangeDesc changes, string document)
    {
        var sections = changes.Sections;
        var position = 0;
        var changing = false;
        for (var i = 0; i < sections.Length; i += 2)
        {
            var replaced = sections[i + 1] >= 0;
            if (replaced != changing && InsidePair(document, position))
            {
                return Split(position);
            }

            changing = replaced;
            position += sections[i];
        }

        return changing && InsidePair(document, position) ? Split(position) : null;
    }

    private static string Split(int position) =>
        $"changes the pad at position {position}, between the two halves of one character (a surrogate pair); a change must start and end on whole characters.";

    private static bool InsidePair(string text, int position) =>
        position > 0 && position < text.Length && char.IsHighSurrogate(text[position - 1]) && char.IsLowSurrogate(text[position]);
}
