using System.Globalization;
using System.Text;

namespace Rapport.Cli;

/// <summary>Reading a program and its input from files, refusing what is not text before anything runs.</summary>
internal static class RunFiles
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file as text, or a problem naming it: invalid UTF-8 or, for a program, control characters.</summary>
    public static (string? Text, string? Problem) Text(string name, byte[] bytes, bool allowControl = false)
    {
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return (null, $"{name} is not UTF-8 text (invalid bytes at offset {e.Index.ToString(CultureInfo.InvariantCulture)}); is it a binary file?");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var control = allowControl ? -1 : text.AsSpan().IndexOfAny(ControlCharacters);
        if (control >= 0)
        {
            var line = text.AsSpan(0, control).Count('\n') + 1;
            return (null, $"{name} contains a control character (U+{(int)text[control]:X4}) on line {line.ToString(CultureInfo.InvariantCulture)}; a program must be plain text.");
        }

        return (text, null);
    }

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024
            ? $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB"
            : $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB";

    /// <summary>C0 and C1 controls and DEL, except the white space code uses (tab, line feed, form feed, carriage return).</summary>
    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'))]);
}
