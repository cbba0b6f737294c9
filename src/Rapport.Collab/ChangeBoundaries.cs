namespace Rapport.Collab;

/// <summary>
/// Change sets that @codemirror/state's <c>fromJSON</c> reads but no editor makes, and that make
/// editors disagree: the authority refuses them with the reason.
/// </summary>
internal static class ChangeBoundaries
{
    /// <summary>
    /// A replacement that neither deletes nor inserts (<c>[0]</c> in the JSON form). Editors never
    /// make one (building a change set drops it), but one received leaves a zero-length section
    /// behind: every editor holding unsent edits then fails to rebase them ("Mismatched change set
    /// lengths") and every later push mapped over it is broken.
    /// </summary>
    public static string? EmptyReplacement(ChangeDesc changes)
    {
        var sections = changes.Sections;
        for (var i = 0; i < sections.Length; i += 2)
        {
            if (sections[i] == 0 && sections[i + 1] == 0)
            {
                return $"has an empty replacement at section {i / 2} (nothing deleted, nothing inserted), which no editor sends; leave it out.";
            }
        }

        return null;
    }

    /// <summary>
    /// A change that starts or ends between the two halves of a character outside the Basic
    /// Multilingual Plane (a surrogate pair, such as an emoji): the editors that apply it keep a lone
    /// half, a freshly opened editor gets U+FFFD instead, and they disagree from then on.
    /// </summary>
    public static string? SplitsCharacter(ChangeDesc changes, string document)
    {
        var sections = changes.Sections;
        var position = 0;
        for (var i = 0; i < sections.Length; i += 2)
        {
            var length = sections[i];
            if (sections[i + 1] >= 0)
            {
                foreach (var edge in (ReadOnlySpan<int>)[position, position + length])
                {
                    if (InsidePair(document, edge))
                    {
                        return $"changes the pad at position {edge}, between the two halves of one character (a surrogate pair); a change must start and end on whole characters.";
                    }
                }
            }

            position += length;
        }

        return null;
    }

    private static bool InsidePair(string text, int position) =>
        position > 0 && position < text.Length && char.IsHighSurrogate(text[position - 1]) && char.IsLowSurrogate(text[position]);
}
