using System.Net;
using System.Text.RegularExpressions;
using CsCheck;
using Rapport.Features.Questions;

namespace Rapport.Tests.Questions;

public sealed partial class MarkdownHtmlTests
{
    // Schemes a browser would run or open as a document, spelt the ways Markdown lets an author spell them.
    private static readonly string[] Dangerous =
    [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "java&#x73;cript:alert(1)", "javascript&colon;alert(1)", "file:///etc/passwd", "jav\tascript:alert(1)",
    ];

    private static readonly string[] Allowed = ["https://example.com/a?b=c", "http://example.com", "mailto:someone@example.com", "#top", "/bank"];

    // Every Markdown form that makes a link or an image, with the address in it.
    private static readonly Func<string, string>[] Forms =
    [
        url => $"[text]({url})",
        url => $"[text](<{url}>)",
        url => $"[text]({url} \"title\")",
        url => $"![image]({url})",
        url => $"<{url}>",
        url => $"[text][ref]\n\n[ref]: {url}",
        url => $"![image][ref]\n\n[ref]: <{url}>",
        url => $"[text]\n\n[text]: {url}",
        url => $"see {url} here",
        url => $"| a |\n|---|\n| <{url}> |",
        url => $"*[emphasised]({url})*",
    ];

    [Theory]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JaVaScRiPt:alert(1)>")]
    [InlineData("<vbscript:msgbox(1)>")]
    [InlineData("<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>")]
    public void Render_AutolinkToAScriptScheme_IsTextNotALink(string markdown)
    {
        var html = MarkdownHtml.Render(markdown);

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(markdown), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AutolinkToTheWebOrMail_StaysALink()
    {
        Assert.Contains("<a href=\"https://example.com/a\">", MarkdownHtml.Render("<https://example.com/a>"), StringComparison.Ordinal);
        Assert.Contains("<a href=\"mailto:someone@example.com\">", MarkdownHtml.Render("<someone@example.com>"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryLinkForm_PointsOnlyAtHttpHttpsMailtoOrThisSite()
    {
        var cases = Gen.Select(Gen.OneOf(Forms), Gen.OneOf<string>([.. Dangerous, .. Allowed]), Gen.OneOf("", "Intro. ", "> "));
        cases.Sample(
            (form, url, prefix) =>
            {
                var html = MarkdownHtml.Render(prefix + form(url));
                foreach (Match attribute in Address().Matches(html))
                {
                    var address = WebUtility.HtmlDecode(attribute.Groups["value"].Value);
                    Assert.True(IsWebMailOrSite(address), $"'{address}' in {html}");
                }
            },
            iter: 2000);
    }

    [Fact]
    public void Render_LinksToTheWeb_StayLinks()
    {
        foreach (var form in Forms)
        {
            var html = MarkdownHtml.Render(form("https://example.com/a"));

            Assert.Contains("https://example.com/a\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_OverTheLimit_IsEscapedTextNotMarkdown()
    {
        // 200 KB of "[a](" took 30 s through Markdig; stored versions from before the limit may hold such text.
        var markdown = string.Concat(Enumerable.Repeat("[a](", 50_000));

        var html = MarkdownHtml.Render(markdown);

        Assert.Equal($"<pre class=\"unrendered\">{WebUtility.HtmlEncode(markdown)}</pre>", html);
    }

    [Theory]
    [InlineData("> ", 200)]
    [InlineData("*[", 2_000)]
    public void Render_NestedTooDeep_IsEscapedTextNotAnException(string unit, int count)
    {
        var markdown = string.Concat(Enumerable.Repeat(unit, count));

        var html = MarkdownHtml.Render(markdown);

        Assert.Equal($"<pre class=\"unrendered\">{WebUtility.HtmlEncode(markdown)}</pre>", html);
    }

    // What a browser does with the address: tabs and newlines are dropped, then a scheme is letters up to ':'.
    private static bool IsWebMailOrSite(string address)
    {
        var cleaned = new string([.. address.Where(c => c > ' ')]);
        var scheme = Scheme().Match(cleaned);
        return scheme.Success
            ? scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto"
            : cleaned.Length == 0 || cleaned[0] is '#' or '/';
    }

    [GeneratedRegex("(?:href|src)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Address();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex Scheme();
}
