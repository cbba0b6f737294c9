using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Rapport.Features.Questions;

/// <summary>
/// Bank Markdown as HTML that is safe to show anyone, candidates included: raw HTML is not
/// rendered, no extension that lets text set attributes is enabled, and links go only to web,
/// mail or in-page addresses.
/// </summary>
public static class MarkdownHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    public static string Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        // Every inline that carries an address: links and images ([a](u), [a][ref], bare URLs) and
        // autolinks (<scheme:...>), which Markdig keeps as a separate type.
        foreach (var inline in document.Descendants<Inline>().ToList())
        {
            switch (inline)
            {
                case LinkInline link when !IsSafe(link.Url):
                    link.Url = "#";
                    break;
                case AutolinkInline autolink when !autolink.IsEmail && !IsSafe(autolink.Url):
                    autolink.ReplaceBy(new LiteralInline($"<{autolink.Url}>"));
                    break;
            }
        }

        return document.ToHtml(Pipeline);
    }

    // Only web and mail addresses, or a place on this site; anything else (javascript:, data:,
    // vbscript:, file:...) is not a link. The content security policy is the second line, not this one.
    private static bool IsSafe(string? url) =>
        url is null
        || url.StartsWith('#')
        || (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
        || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
}
