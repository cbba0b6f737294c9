using System.Globalization;
using System.Text;

namespace Rapport.Infrastructure;

/// <summary>
/// One rule for text people type that others see: names, titles, and the input quoted back in
/// error messages. A name must read as it is stored (no control characters, no text-direction
/// overrides, nothing invisible); a message that quotes input shows those characters as escapes,
/// so a terminal never runs an escape sequence from a file and a page never reverses its own text.
/// </summary>
public static class ShownText
{
    /// <summary>
    /// The first character that would make a one-line name or title read differently from what is
    /// stored, described for a message ("U+202E, right-to-left override"); null when there is none.
    /// The zero-width joiner and non-joiner stay allowed: Persian, the Indic scripts and emoji
    /// sequences need them, and they cannot reorder or hide text.
    /// </summary>
    public static string? HiddenCharacter(string text) => FirstHidden(text) is { } rune ? Describe(rune) : null;

    /// <summary>
    /// The problem with a name or title (<paramref name="label"/> says which, as the message's first
    /// words), or null when it is fine: one line, no hidden characters.
    /// </summary>
    public static string? NameProblem(string text, string label) => FirstHidden(text) switch
    {
        null => null,
        { } rune when IsDirectionControl(rune) => $"{label} contains a text-direction control character ({Describe(rune)}), which can make it read differently from what is stored; remove it.",
        { } rune => $"{label} contains a control or invisible character ({Describe(rune)}); write it on one line without tabs or invisible characters.",
    };

    /// <summary>
    /// The problem with text of several lines that others read (evidence, a rationale, a letter), or
    /// null when it is fine: line breaks and tabs are part of it, every other hidden character is not.
    /// </summary>
    public static string? ProseProblem(string? text, string label) => text is null ? null : FirstHidden(text, keepLines: true) switch
    {
        null => null,
        { } rune when IsDirectionControl(rune) => $"{label} contains a text-direction control character ({Describe(rune)}), which can make it read differently from what is stored; remove it.",
        { } rune => $"{label} contains a control or invisible character ({Describe(rune)}); remove it (line breaks and tabs are fine).",
    };

    private static Rune? FirstHidden(string text, bool keepLines = false)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return Rune.ReplacementChar;
            }

            if (IsHidden(rune) && !(keepLines && rune.Value is '\n' or '\r' or '\t'))
            {
                return rune;
            }

            i += used;
        }

        return null;
    }

    /// <summary>
    /// The input as a message may quote it: control, direction and invisible characters become
    /// visible escapes (\e, \n, \u202E), long input is cut with an ellipsis. Apply it to every
    /// piece of input a message quotes, on the command line and in pages.
    /// </summary>
    public static string Quote(string? input, int maxLength = 200) => Escaped(input, maxLength, keepLines: false);

    /// <summary>Text for a terminal: as <see cref="Quote"/>, whole, but line breaks and tabs stay as they are.</summary>
    public static string ForTerminal(string? text) => Escaped(text, int.MaxValue, keepLines: true);

    private static string Escaped(string? input, int maxLength, bool keepLines)
    {
        if (string.IsNullOrEmpty(input))
        {
            return input ?? "";
        }

        var shown = new StringBuilder(Math.Min(input.Length, maxLength) + 8);
        for (var i = 0; i < input.Length;)
        {
            if (shown.Length >= maxLength)
            {
                shown.Append('…');
                break;
            }

            if (Rune.DecodeFromUtf16(input.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)input[i]:X4}");
                i++;
                continue;
            }

            var kept = keepLines && rune.Value is ('\n' or '\t');
            shown.Append(!kept && (IsHidden(rune) || rune.Value == 0xFFFD) ? Escape(rune) : rune.ToString());
            i += used;
        }

        return shown.ToString();
    }

    /// <summary>True for a character that would act on the text rather than be read in it.</summary>
    public static bool IsHidden(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            || (category == UnicodeCategory.Format && rune.Value is not (0x200C or 0x200D) && rune.Value is not (>= 0xE0020 and <= 0xE007F))
            || IsDirectionControl(rune);
    }

    public static bool IsDirectionControl(Rune rune) =>
        rune.Value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static string Escape(Rune rune) => rune.Value switch
    {
        0x1B => "\\e",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        0 => "\\0",
        <= 0xFFFF => $"\\u{rune.Value:X4}",
        _ => $"\\U{rune.Value:X8}",
    };

    private static string Describe(Rune rune) => rune.Value switch
    {
        0x0000 => "U+0000, a null character",
        '\t' => "U+0009, a tab",
        '\n' => "U+000A, a line break",
        '\r' => "U+000D, a carriage return",
        0x1B => "U+001B, an escape character",
        0x200B => "U+200B, zero width space",
        0x200E => "U+200E, left-to-right mark",
        0x200F => "U+200F, right-to-left mark",
        0x202A => "U+202A, left-to-right embedding",
        0x202B => "U+202B, right-to-left embedding",
        0x202C => "U+202C, pop directional formatting",
        0x202D => "U+202D, left-to-right override",
        0x202E => "U+202E, right-to-left override",
        0x2066 => "U+2066, left-to-right isolate",
        0x2067 => "U+2067, right-to-left isolate",
        0x2068 => "U+2068, first strong isolate",
        0x2069 => "U+2069, pop directional isolate",
        0xFEFF => "U+FEFF, zero width no-break space",
        0xFFFD => "U+FFFD, a replacement character or half of a character pair",
        _ => $"U+{rune.Value:X4}",
    };
}
