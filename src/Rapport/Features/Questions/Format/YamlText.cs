using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

public static class YamlText
{
    private const string Fix = "check the indentation, brackets and quoting at this place; a value with ': ' or '#' needs quotes.";

    private static (int Line, int Column) LastGoodPosition(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Expected: this is how far the text parses.
        }

        return ((int)Math.Max(1, last.Line), (int)Math.Max(1, last.Column));
    }

    /// <summary>
    /// The root mapping of a YAML text, or null with the problem logged at its place. Every YAML
    /// the bank reads comes through here, after <see cref="YamlLimits"/> (BannedSymbols.txt keeps
    /// YamlDotNet's loaders to this file).
    /// </summary>
    public static YamlMappingNode? ParseMapping(string text, ProblemLog log, string what)
    {
        if (!YamlLimits.Check(text, log, what))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
#pragma warning disable RS0030 // The one place YAML becomes nodes, after the limits.
            stream.Load(new StringReader(text));
#pragma warning restore RS0030
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its own position; the problem carries ours.
            var colon = message.IndexOf("): ", StringComparison.Ordinal);
            log.Error((int)e.Start.Line, (int)e.Start.Column, $"the YAML of {what} is malformed: {(colon >= 0 ? message[(colon + 3)..] : message)}", Fix);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails without a position (e.g. an unclosed '['):
            // replay the events to find how far it got.
            var (line, column) = LastGoodPosition(text);
            log.Error(line, column, $"the YAML of {what} is malformed after this place (an unclosed bracket or quote?).", Fix);
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            log.Error(1, 1, $"{what} must be a YAML mapping of fields.", "start with lines like `id: my-question`.");
            return null;
        }

        return root;
    }
}
