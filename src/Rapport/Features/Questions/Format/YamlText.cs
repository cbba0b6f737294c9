using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

public static class YamlText
{
    /// <summary>The root mapping of a YAML text, or null with the problem logged at its place.</summary>
    public static YamlMappingNode? ParseMapping(string text, ProblemLog log, string what)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its own position; the problem carries ours.
            var colon = message.IndexOf("): ", StringComparison.Ordinal);
            log.Error((int)e.Start.Line, (int)e.Start.Column, $"the YAML of {what} is malformed: {(colon >= 0 ? message[(colon + 3)..] : message)}", "check the indentation and quoting at this place; a value with ': ' or '#' needs quotes.");
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
