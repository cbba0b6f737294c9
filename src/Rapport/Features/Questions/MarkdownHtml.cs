using System.Net;
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
    /// <summary>
    /// The most characters a Markdown field (prompt, examples, interviewer notes) may hold. Markdig
    /// is quadratic on some inputs ("*]", "[a](" repeated): at this length the worst case we found
    /// costs about 0.15 s of CPU (bench/README.md), against 30 s for 200 KB.
    /// </summary>
    public const int MaxLength = 10_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    /// <summary>
    /// The HTML of bank Markdown. Text over <see cref="MaxLength"/> or nested past Markdig's limit
    /// (the validator refuses both, but versions stored before the limit may hold them) is shown as
    /// it is, escaped, rather than spend seconds or throw on every page.
    /// </summary>
    public static string Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        return markdown.Length <= MaxLength && TryRender(markdown) is { } html
            ? html
            : $"<pre class=\"unrendered\">{WebUtility.HtmlEncode(markdown)}</pre>";
    }

    /// <summary>The HTML of Markdown of any length (the caller bounds it), or null when it nests past Markdig's limit.</summary>
    public static string? TryRender(string markdown)
    {
        try
        {
#pragma warning disable RS0030 // The one place bank Markdown becomes HTML.
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
#pragma warning restore RS0030
        }
        catch (ArgumentException)
        {
            // Markdig's MaximumNestingDepth (128), when parsing or rendering: "too deeply nested".
            return null;
        }
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
