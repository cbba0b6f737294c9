using System.Text.Json;

namespace Rapport.Collab.Tests;

internal static class JsonAssert
{
    /// <summary>Structural equality, so escaping differences between JavaScript and .NET do not matter.</summary>
    public static void Equal(JsonElement expected, string actualJson, string what)
    {
        using var actual = JsonDocument.Parse(actualJson);
        if (!JsonElement.DeepEquals(expected, actual.RootElement))
        {
            Assert.Fail($"{what}: CodeMirror gives {expected.GetRawText()}, the port gives {actual.RootElement.GetRawText()}");
        }
    }
}
