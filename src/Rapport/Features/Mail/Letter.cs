using System.Net;
using System.Text;

namespace Rapport.Features.Mail;

/// <summary>
/// A short letter written once and rendered twice, as plain text and as simple HTML, so the two
/// parts of a message always say the same. Everything is escaped in the HTML: names come from people.
/// </summary>
public sealed class Letter
{
    private readonly List<Block> blocks = [];

    private sealed record Block(IReadOnlyList<string> Lines, IReadOnlyList<string> Items, string? Url);

    /// <summary>Lines that belong together, one under the other.</summary>
    public Letter Paragraph(params IEnumerable<string> lines)
    {
        blocks.Add(new([.. lines], [], null));
        return this;
    }

    /// <summary>A line and the list under it.</summary>
    public Letter List(string heading, IEnumerable<string> items)
    {
        blocks.Add(new([heading], [.. items], null));
        return this;
    }

    /// <summary>A line saying what the link is, and the link.</summary>
    public Letter Link(string label, string url)
    {
        blocks.Add(new([label], [], url));
        return this;
    }

    public string Text()
    {
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            foreach (var line in block.Lines)
            {
                text.Append(line).Append('\n');
            }

            foreach (var item in block.Items)
            {
                text.Append("  - ").Append(item).Append('\n');
            }

            if (block.Url is { } url)
            {
                text.Append(url).Append('\n');
            }
        }

        return text.ToString();
    }

    public string Html()
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; line-height: 1.5\">\n");
        foreach (var block in blocks)
        {
            html.Append("<p>").AppendJoin("<br>\n", block.Lines.Select(WebUtility.HtmlEncode));
            if (block.Url is { } url)
            {
                html.Append("<br>\n<a href=\"").Append(WebUtility.HtmlEncode(url)).Append("\">").Append(WebUtility.HtmlEncode(url)).Append("</a>");
            }

            html.Append("</p>\n");
            if (block.Items.Count > 0)
            {
                html.Append("<ul>\n");
                foreach (var item in block.Items)
                {
                    html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }
        }

        return html.Append("</body></html>\n").ToString();
    }
}
