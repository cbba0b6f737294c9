using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

public sealed record SignalDefinition(string Id, string Name, string Description);

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
            if (Definition(item, log, "A signal") is { } signal)
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

    /// <summary>One signal definition (also used for a question's own declared signals).</summary>
    public static SignalDefinition? Definition(YamlNode node, ProblemLog log, string what)
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
        fields.RejectUnknownKeys();
        if (id is not null && !BankVocabulary.IsId(id))
        {
            log.Error(YamlFields.Line(mapping), YamlFields.Column(mapping), $"'{id}' is not a valid signal id.", "use lower-case letters, digits and single hyphens.");
            return null;
        }

        return id is null || name is null || description is null ? null : new SignalDefinition(id, name, description);
    }
}
