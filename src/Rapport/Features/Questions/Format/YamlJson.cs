using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rapport.Features.Questions.Format;

/// <summary>YAML values as JSON, for expected test results: plain scalars that read as numbers, booleans or null become those.</summary>
public static class YamlJson
{
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlSequenceNode sequence => new JsonArray([.. sequence.Select(Convert)]),
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", Convert(c.Value)))),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var value } => Plain(value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonValue? Plain(string? value) => value switch
    {
        null or "null" or "~" or "" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        _ => JsonValue.Create(value),
    };
}
