using System.Globalization;
using System.Text;
using AnyAscii;

namespace Rapport.Features.Questions.Format;

/// <summary>
/// A text folded for the language check, with the way back to the original: lower case,
/// compatibility forms made plain as NFKC would ("ｆｉｔ" and "ﬁt" read "fit"), accents and other
/// combining marks dropped ("naïve" reads "naive"), every apostrophe-like mark made <c>'</c>, every dash
/// <c>-</c>, every space <c> </c>, and invisible format characters (soft hyphen, joiners) gone.
/// Each folded character remembers the UTF-16 range of the original it came from, so a match in
/// the folded text highlights exactly the right characters of what the interviewer typed, combining
/// marks included.
/// </summary>
public sealed class LanguageCheckText
{
    private readonly int[] starts;
    private readonly int[] ends;

    private LanguageCheckText(string original, string folded, int[] starts, int[] ends)
    {
        Original = original;
        Folded = folded;
        this.starts = starts;
        this.ends = ends;
    }

    public string Original { get; }

    public string Folded { get; }

    /// <summary>The range of the original text that folded characters [start, start + length) came from.</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Folded.Length);
        var from = starts[start];
        return (from, ends[start + length - 1] - from);
    }

    /// <summary>A letter or digit at this place of the folded text (a surrogate pair counts as its code point).</summary>
    public bool IsWordAt(int index)
    {
        if (index < 0 || index >= Folded.Length)
        {
            return false;
        }

        if (char.IsLowSurrogate(Folded[index]) && index > 0 && char.IsHighSurrogate(Folded[index - 1]))
        {
            index--;
        }

        return char.IsLetterOrDigit(Folded, index);
    }

    public static LanguageCheckText Fold(string original)
    {
        var folded = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        var index = 0;
        foreach (var rune in original.EnumerateRunes())
        {
            var length = rune.Utf16SequenceLength;
            var category = Rune.GetUnicodeCategory(rune);
            if (IsMark(category) || IsInvisible(rune.Value))
            {
                // A mark belongs to the letter before it: the highlight takes it along.
                if (ends.Count > 0)
                {
                    ends[^1] = index + length;
                }
            }
            else
            {
                foreach (var c in Plain(rune, category))
                {
                    folded.Append(c);
                    starts.Add(index);
                    ends.Add(index + length);
                }
            }

            index += length;
        }

        return new LanguageCheckText(original, folded.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>The folded form of a short text, such as a phrase of the list.</summary>
    public static string FoldText(string text) => Fold(text).Folded;

    private static bool IsMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // Soft hyphen, zero-width non-joiner and joiner, word joiner, byte-order mark, bidi controls:
    // people do not see them, so they must not split or hide a word.
    private static bool IsInvisible(int value) =>
        value is 0x00AD or 0x200C or 0x200D or 0x2060 or 0xFEFF or (>= 0x200E and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static IEnumerable<char> Plain(Rune rune, UnicodeCategory category)
    {
        if (rune.Value == 0x200B || Rune.IsWhiteSpace(rune))
        {
            yield return ' ';
            yield break;
        }

        if (category == UnicodeCategory.DashPunctuation || rune.Value == 0x2212)
        {
            yield return '-';
            yield break;
        }

        if (IsApostrophe(rune.Value))
        {
            yield return '\'';
            yield break;
        }

        if (IsCompatibilityForm(rune.Value) && rune.ToString().Transliterate() is { Length: > 0 } plain && plain.All(char.IsAsciiLetterOrDigit))
        {
            foreach (var c in plain)
            {
                yield return char.ToLowerInvariant(c);
            }

            yield break;
        }

        var lower = Rune.ToLowerInvariant(rune).ToString();
        foreach (var c in lower)
        {
            yield return c;
        }
    }

    // Latin letters with accents and the compatibility forms NFKC would make plain: ligatures,
    // full-width, mathematical and circled letters and digits, superscripts. Rapport runs with
    // invariant globalization, where string.Normalize leaves non-ASCII text as it is, so AnyAscii's
    // tables do it, and only in these blocks: elsewhere (CJK, Greek, emoji) a transliteration would
    // make Latin words that were never typed.
    private static bool IsCompatibilityForm(int value) =>
        value is (>= 0x00C0 and <= 0x024F) or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF)
            or (>= 0xFB00 and <= 0xFB06) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x1D400 and <= 0x1D7FF) or (>= 0x2460 and <= 0x24FF)
            or (>= 0x2070 and <= 0x209F) or 0x00AA or 0x00B2 or 0x00B3 or 0x00B9 or 0x00BA;

    // Typographic quotes, the modifier letter apostrophe, primes, backtick and acute accent: phones
    // and editors turn the typed apostrophe into any of these.
    private static bool IsApostrophe(int value) =>
        value is '\'' or 0x2018 or 0x2019 or 0x201B or 0x02BC or 0x02B9 or 0x2032 or 0xFF07 or '`' or 0x00B4;
}
