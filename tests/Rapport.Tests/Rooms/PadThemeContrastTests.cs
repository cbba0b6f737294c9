using System.Globalization;
using System.Text.RegularExpressions;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The code pad's colours (the --pad-* custom properties in app.css, which
/// Client/padTheme.ts gives to CodeMirror) meet WCAG 2.x AA in every theme: 4.5:1 for text on
/// every background it can sit on (the pad, the cursor's line, the selection, both at once, a
/// search match, the gutter), 3:1 for the cursor (a user-interface component, 1.4.11).
/// </summary>
public sealed partial class PadThemeContrastTests
{
    private const double Text = 4.5;
    private const double Component = 3.0;

    private static readonly string[] Foregrounds = ["text", "comment", "keyword", "string", "number", "definition", "type", "invalid"];

    /// <summary>Each theme as the rule sets that apply to it, in cascade order (later wins, as in the stylesheet).</summary>
    public static TheoryData<string, string[]> Themes => new()
    {
        { "light", [":root"] },
        { "dark", [":root", ":root[data-theme=\"dark\"]"] },
        { "dark, from the system", [":root", "@media (prefers-color-scheme: dark) :root[data-theme=\"system\"]"] },
        { "high contrast", [":root", ":root[data-contrast=\"high\"]"] },
        { "high contrast, dark", [":root", ":root[data-theme=\"dark\"]", ":root[data-contrast=\"high\"]", ":root[data-contrast=\"high\"][data-theme=\"dark\"]"] },
    };

    [Theory]
    [InlineData("#777777", "#ffffff", 4.48)] // WebAIM's contrast checker: just short of AA
    [InlineData("#767676", "#ffffff", 4.54)] // the lightest grey that passes AA on white
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#ffffff", 1.0)]
    [InlineData("#0000ff", "#ffffff", 8.59)]
    public void ContrastRatio_MatchesPublishedValues(string foreground, string background, double published)
    {
        Assert.Equal(published, Math.Round(Colour.Parse(foreground).ContrastWith(Colour.Parse(background)), 2));
        Assert.Equal(published, Math.Round(Colour.Parse(background).ContrastWith(Colour.Parse(foreground)), 2));
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void PadColours_MeetWcagAA(string theme, string[] ruleSets)
    {
        var palette = Palette(ruleSets);
        var background = palette.Get("bg");
        Assert.Equal(1.0, background.Alpha);
        var activeLine = palette.Get("active-line").Over(background);
        var selection = palette.Get("selection").Over(background);
        var backgrounds = new Dictionary<string, Colour>
        {
            ["the pad"] = background,
            ["the cursor's line"] = activeLine,
            ["the selection"] = selection,
            // The cursor's line is drawn over the selection layer: a selection on that line shows through it.
            ["the selection on the cursor's line"] = palette.Get("active-line").Over(selection),
            ["a search or bracket match"] = palette.Get("match").Over(background),
        };

        var failures = new List<string>();
        foreach (var foreground in Foregrounds)
        {
            foreach (var (where, under) in backgrounds)
            {
                Check(failures, $"{foreground} on {where}", palette.Get(foreground).Over(under), under, Text);
            }
        }

        var gutter = palette.Get("gutter-bg").Over(background);
        Check(failures, "line numbers on the gutter", palette.Get("gutter-text").Over(gutter), gutter, Text);
        var gutterActive = palette.Get("active-line-gutter").Over(gutter);
        Check(failures, "the cursor line's number", palette.Get("text").Over(gutterActive), gutterActive, Text);
        Check(failures, "the tooltip's text", palette.Get("text").Over(gutter), gutter, Text);
        Check(failures, "the cursor on the cursor's line", palette.Get("cursor").Over(activeLine), activeLine, Component);

        Assert.True(failures.Count == 0, $"The pad's {theme} theme fails WCAG AA: {string.Join("; ", failures)}.");
    }

    [Fact]
    public void PadTheme_UsesEveryColourTheTestChecks()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Rapport", "Client", "padTheme.ts"));
        var used = UsedVariable().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var defined = Palette([":root"]).Names;

        Assert.Empty(used.Except(defined));
        Assert.Empty(Foregrounds.Except(used));
    }

    private static void Check(List<string> failures, string pair, Colour foreground, Colour background, double needed)
    {
        var ratio = foreground.ContrastWith(background);
        if (ratio < needed)
        {
            failures.Add($"{pair} is {ratio.ToString("0.00", CultureInfo.InvariantCulture)}:1 ({foreground} on {background}), needs {needed.ToString("0.0", CultureInfo.InvariantCulture)}:1");
        }
    }

    private static PadPalette Palette(string[] ruleSets)
    {
        var sheet = RuleSet.ParseSheet(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Rapport", "wwwroot", "app.css")));
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var selector in ruleSets)
        {
            var found = sheet.Where(rule => rule.Selector == selector).ToList();
            Assert.True(found.Count > 0, $"app.css has no rule set '{selector}'.");
            foreach (var (name, value) in found.SelectMany(rule => rule.Declarations))
            {
                values[name] = value;
            }
        }

        return new PadPalette(values);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rapport.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }

    [GeneratedRegex(@"v\(""([a-z-]+)""\)")]
    private static partial Regex UsedVariable();

    /// <summary>The --pad-* properties of one theme, with var(--x) references followed.</summary>
    private sealed class PadPalette(Dictionary<string, string> values)
    {
        public IEnumerable<string> Names => values.Keys.Where(k => k.StartsWith("--pad-", StringComparison.Ordinal)).Select(k => k["--pad-".Length..]);

        public Colour Get(string name) => Resolve($"--pad-{name}", 0);

        private Colour Resolve(string property, int depth)
        {
            Assert.True(values.TryGetValue(property, out var value), $"app.css does not define {property} for this theme.");
            Assert.True(depth < 10, $"{property} refers to itself.");
            var reference = Regex.Match(value, @"^var\((--[a-z-]+)\)$");
            return reference.Success ? Resolve(reference.Groups[1].Value, depth + 1) : Colour.Parse(value);
        }
    }

    /// <summary>An sRGB colour with opacity, and the WCAG 2.x relative luminance and contrast ratio.</summary>
    private readonly record struct Colour(double Red, double Green, double Blue, double Alpha)
    {
        public static Colour Parse(string text)
        {
            var hex = text.Trim().TrimStart('#');
            if (hex.Length is 3 or 4)
            {
                hex = string.Concat(hex.Select(c => $"{c}{c}"));
            }

            Assert.True(text.Trim().StartsWith('#') && hex.Length is 6 or 8 && hex.All(Uri.IsHexDigit), $"'{text}' is not a #rgb, #rrggbb or #rrggbbaa colour.");
            double Channel(int at) => int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return new Colour(Channel(0), Channel(2), Channel(4), hex.Length == 8 ? Channel(6) / 255 : 1);
        }

        /// <summary>This colour painted over an opaque one (source-over compositing).</summary>
        public Colour Over(Colour below) => new(
            (Red * Alpha) + (below.Red * (1 - Alpha)),
            (Green * Alpha) + (below.Green * (1 - Alpha)),
            (Blue * Alpha) + (below.Blue * (1 - Alpha)),
            1);

        /// <summary>WCAG 2.x: L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB channels.</summary>
        public double Luminance => (0.2126 * Linear(Red)) + (0.7152 * Linear(Green)) + (0.0722 * Linear(Blue));

        /// <summary>(L1 + 0.05) / (L2 + 0.05), the lighter luminance over the darker.</summary>
        public double ContrastWith(Colour other)
        {
            Assert.Equal(1.0, Alpha);
            Assert.Equal(1.0, other.Alpha);
            var (lighter, darker) = Luminance >= other.Luminance ? (Luminance, other.Luminance) : (other.Luminance, Luminance);
            return (lighter + 0.05) / (darker + 0.05);
        }

        public override string ToString() => $"#{(int)Math.Round(Red):x2}{(int)Math.Round(Green):x2}{(int)Math.Round(Blue):x2}";

        // WCAG 2.x writes the threshold as 0.03928; sRGB's 0.04045 gives the same result for 8-bit channels.
        private static double Linear(double channel)
        {
            var c = channel / 255;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
    }

    /// <summary>
    /// Just enough of CSS for the custom properties: rule sets with their declarations, comments
    /// dropped, a rule set inside @media named by the media query and its selector.
    /// </summary>
    private sealed record RuleSet(string Selector, IReadOnlyList<(string Name, string Value)> Declarations)
    {
        public static List<RuleSet> ParseSheet(string css)
        {
            var rules = new List<RuleSet>();
            Read(Regex.Replace(css, @"/\*.*?\*/", "", RegexOptions.Singleline), "", rules);
            return rules;
        }

        private static void Read(string css, string prefix, List<RuleSet> rules)
        {
            var at = 0;
            while (css.IndexOf('{', at) is var open and >= 0)
            {
                var close = Matching(css, open);
                var prelude = Regex.Replace(css[at..open].Trim(), @"\s+", " ");
                var body = css[(open + 1)..close];
                if (prelude.StartsWith('@'))
                {
                    Read(body, prefix + prelude + " ", rules);
                }
                else
                {
                    var declarations = body.Split(';')
                        .Select(d => d.Split(':', 2))
                        .Where(d => d.Length == 2)
                        .Select(d => (d[0].Trim(), d[1].Trim()))
                        .ToList();
                    foreach (var selector in prelude.Split(','))
                    {
                        rules.Add(new RuleSet(prefix + selector.Trim(), declarations));
                    }
                }

                at = close + 1;
            }
        }

        private static int Matching(string css, int open)
        {
            var depth = 0;
            for (var i = open; i < css.Length; i++)
            {
                depth += css[i] switch { '{' => 1, '}' => -1, _ => 0 };
                if (depth == 0)
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"app.css has an unclosed brace at {open}.");
        }
    }
}
