using System.Reflection;
using Rapport.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

/// <summary>Somewhere to learn more about a signal: a candidate's feedback letter lists these under it.</summary>
public sealed record SignalResource(string Title, string Url)
{
    public const int MaxTitleLength = 120;
    public const int MaxUrlLength = 500;

    /// <summary>More than a handful is a reading list, not a pointer; letters stay short.</summary>
    public const int MaxPerSignal = 8;
}

public sealed record SignalDefinition(string Id, string Name, string Description)
{
    /// <summary>One of the baseline signals every technical interview looks for: a feedback letter speaks of it even when nobody rated it.</summary>
    public bool Baseline { get; init; }

    public IReadOnlyList<SignalResource> Resources { get; init; } = [];
}

/// <summary>
/// The signals interviews rate, from <c>signals.yaml</c> at the top of a bank. A bank without one
/// uses the default set (the starter bank's file, built into Rapport).
/// </summary>
public sealed record SignalCatalog(IReadOnlyList<SignalDefinition> Signals)
{
    public const string FileName = "signals.yaml";

    public bool Contains(string id) => Signals.Any(s => s.Id == id);

    public SignalDefinition? Find(string id) => Signals.FirstOrDefault(s => s.Id == id);

    public static string DefaultSource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Rapport.DefaultSignals.yaml")
            ?? throw new InvalidOperationException("The default signal set is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static SignalCatalog? Parse(string text, ProblemLog log)
    {
        var root = YamlText.ParseMapping(text, log, "the signal set");
        if (root is null)
        {
            return null;
        }

        var fields = new YamlFields(root, log, "The signal set");
        var list = fields.Get("signals");
        fields.RejectUnknownKeys();
        if (list is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            log.Error(YamlFields.Line(list ?? root), YamlFields.Column(list ?? root), "the signal set has no 'signals' list.", "write `signals:` followed by items with id, name and description.");
            return null;
        }

        var signals = new List<SignalDefinition>();
        foreach (var item in sequence)
        {
            if (Definition(item, log, "A signal", allowBaseline: true) is { } signal)
            {
                if (signals.Any(s => s.Id == signal.Id))
                {
                    log.Error(YamlFields.Line(item), YamlFields.Column(item), $"the signal '{signal.Id}' is defined twice.", "remove or rename one of them.");
                    continue;
                }

                signals.Add(signal);
            }
        }

        return new SignalCatalog(signals);
    }

    /// <summary>One signal definition (also used for a question's own declared signals, which cannot be baseline).</summary>
    public static SignalDefinition? Definition(YamlNode node, ProblemLog log, string what, bool allowBaseline = false)
    {
        if (node is not YamlMappingNode mapping)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"{what} must have id, name and description.", "write it as `- id: ...` with `name:` and `description:` below.");
            return null;
        }

        var fields = new YamlFields(mapping, log, what);
        var id = fields.Text("id", required: true, "numerical-stability");
        var name = fields.Name("name", required: true, "Numerical stability");
        var description = fields.Text("description", required: true, "Keeps computations finite and accurate.");
        var baseline = allowBaseline && Flag(fields, "baseline", log);
        var resources = Resources(fields.Get("resources"), log);
        fields.RejectUnknownKeys();
        if (id is not null && !BankVocabulary.IsId(id))
        {
            log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"'{id}' is not a valid signal id.", "use lower-case letters, digits and single hyphens.");
            return null;
        }

        return id is null || name is null || description is null
            ? null
            : new SignalDefinition(id, name, description) { Baseline = baseline, Resources = resources };
    }

    private static bool Flag(YamlFields fields, string key, ProblemLog log)
    {
        var node = fields.Get(key);
        if (node is null)
        {
            return false;
        }

        if (node is YamlScalarNode { Value: "true" or "false" } flag)
        {
            return flag.Value == "true";
        }

        log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{key}' must be true or false.", $"write `{key}: true`, or leave it out for false.");
        return false;
    }

    /// <summary>
    /// The signal's valid resources, each problem logged at its place. The signal itself stays known,
    /// so one bad link is one error, not a cascade through every question that names the signal.
    /// </summary>
    private static List<SignalResource> Resources(YamlNode? node, ProblemLog log)
    {
        var resources = new List<SignalResource>();
        if (node is null)
        {
            return resources;
        }

        if (node is not YamlSequenceNode sequence)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), "'resources' must be a list.", "write items like `- title: ...` with `url: https://...` below.");
            return resources;
        }

        if (sequence.Children.Count > SignalResource.MaxPerSignal)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'resources' lists {sequence.Children.Count} items; the limit is {SignalResource.MaxPerSignal}.", "keep the few that help most: a letter is not a reading list.");
            return resources;
        }

        foreach (var item in sequence)
        {
            if (item is not YamlMappingNode mapping)
            {
                log.Error(YamlFields.Line(item), YamlFields.Column(item), "each resource must have a title and a url.", "write it as `- title: ...` with `url: https://...` below.");
                continue;
            }

            var fields = new YamlFields(mapping, log, "A resource");
            var title = fields.Text("title", required: true, "Python's official tutorial");
            var url = fields.Text("url", required: true, "https://docs.python.org/3/tutorial/");
            fields.RejectUnknownKeys();
            if (title is not null && !ResourceTitleIsValid(title, mapping, log))
            {
                title = null;
            }

            if (url is not null && !ResourceUrlIsValid(url, mapping, log))
            {
                url = null;
            }

            if (title is not null && url is not null)
            {
                resources.Add(new SignalResource(title, url));
            }
        }

        return resources;
    }

    private static bool ResourceTitleIsValid(string title, YamlMappingNode at, ProblemLog log)
    {
        var node = at.Children.First(c => c.Key is YamlScalarNode { Value: "title" }).Value;
        if (title.Length > SignalResource.MaxTitleLength)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"the resource title is {title.Length} characters long; the limit is {SignalResource.MaxTitleLength}.", "shorten it to what a reader needs to recognise the resource.");
            return false;
        }

        // A title is one line in a letter: line breaks and direction marks would change how it reads.
        if (ShownText.NameProblem(title, "the resource title") is { } hidden)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), hidden, "write it on one line, without direction marks.");
            return false;
        }

        return true;
    }

    private static bool ResourceUrlIsValid(string url, YamlMappingNode at, ProblemLog log)
    {
        var node = at.Children.First(c => c.Key is YamlScalarNode { Value: "url" }).Value;
        if (url.Length > SignalResource.MaxUrlLength)
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"the resource url is {url.Length} characters long; the limit is {SignalResource.MaxUrlLength}.", "link to a shorter address for the same page.");
            return false;
        }

        // Candidates open these from an email: only absolute web addresses, never javascript:, data:, file: or a path on our own server.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo) || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            log.Error(YamlFields.Line(node), YamlFields.Column(node), $"'{url}' is not an absolute http or https address.", "write the full address, like `url: https://docs.python.org/3/tutorial/`.");
            return false;
        }

        return true;
    }
}
