namespace Rapport.Collab;

/// <summary>CodeMirror splits text into lines on <c>\r\n</c>, <c>\r</c> and <c>\n</c> and joins them with <c>\n</c>; so do we, or lengths disagree.</summary>
internal static class LineBreaks
{
    public static string Normalize(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
}
