using System.Text.Json;

namespace Rapport.Collab.Tests;

public sealed class ChangeSetJsonErrorTests
{
    [Theory]
    [InlineData("{\"keep\": 3}", "$", "must be an array, got an object")]
    [InlineData("\"3\"", "$", "must be an array, got \"3\"")]
    [InlineData("[3, -1]", "$[1]", "a kept span's length must be a non-negative integer, got -1")]
    [InlineData("[1.5]", "$[0]", "a kept span's length must be a non-negative integer, got 1.5")]
    [InlineData("[2, \"x\"]", "$[1]", "expected a number (units to keep) or an array (a replacement), got \"x\"")]
    [InlineData("[2, null]", "$[1]", "got null")]
    [InlineData("[2, []]", "$[1]", "an empty array")]
    [InlineData("[[\"a\", \"b\"]]", "$[0][0]", "a replaced span's length must be a non-negative integer, got \"a\"")]
    [InlineData("[1, [-2]]", "$[1][0]", "a replaced span's length must be a non-negative integer, got -2")]
    [InlineData("[1, [2, \"ok\", 7]]", "$[1][2]", "a line of inserted text must be a string, got 7")]
    [InlineData("[[0, \"a\\nb\"]]", "$[0][1]", "must not contain a line break")]
    [InlineData("[[0, \"a\\r\"]]", "$[0][1]", "must not contain a line break")]
    [InlineData("[[0, \"\\ud83d\"]]", "$[0][1]", "lone surrogate")]
    [InlineData("[2147483647, 1]", "$[1]", "longer than any document")]
    [InlineData("[1, [2]", "$", "not valid JSON")]
    public void FromJson_Malformed_NamesThePosition(string json, string path, string problem)
    {
        var error = Assert.Throws<InvalidChangeSetException>(() => ChangeSet.FromJson(json));

        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith($"Invalid ChangeSet JSON at {path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_LengthsNotAddingUpToTheDocument_IsRejected()
    {
        var error = Assert.Throws<InvalidChangeSetException>(() => ChangeSet.FromJson("[2, [3, \"x\"]]", documentLength: 6));

        Assert.Equal("Invalid ChangeSet JSON at $: its spans add up to 5 UTF-16 units, but the document is 6 units long.", error.Message);
    }

    [Fact]
    public void FromJson_AstralCharacters_CountAsTwoUnits()
    {
        // "😀" is one code point but two UTF-16 units, as CodeMirror counts.
        var changes = ChangeSet.FromJson("[2, [0, \"\\ud83d\\ude00\"]]", documentLength: 2);

        Assert.Equal("😀😀", changes.Apply("😀"));
        Assert.Equal(4, changes.NewLength);
    }

    [Fact]
    public void FromJson_IntegralNumbersInAnyNotation_AreLengths()
    {
        var changes = ChangeSet.FromJson("[1.0, [1e0, \"x\"]]");

        Assert.Equal("[1,[1,\"x\"]]", changes.ToJson());
    }

    [Fact]
    public void ChangeDescFromJson_OddLength_IsRejected()
    {
        using var json = JsonDocument.Parse("[3, -1, 2]");

        var error = Assert.Throws<InvalidChangeSetException>(() => ChangeDesc.FromJson(json.RootElement));

        Assert.Equal("$", error.JsonPath);
    }

    [Fact]
    public void ChangeDescFromJson_InsertLengthBelowMinusOne_IsRejected()
    {
        using var json = JsonDocument.Parse("[3, -2]");

        var error = Assert.Throws<InvalidChangeSetException>(() => ChangeDesc.FromJson(json.RootElement));

        Assert.Equal("$[1]", error.JsonPath);
    }

    [Fact]
    public void Deserialize_InsideAPayload_UsesTheCodeMirrorForm()
    {
        var update = JsonSerializer.Deserialize<PushedUpdate>("{\"Changes\": [3, [0, \"a\", \"b\"]], \"Effects\": {\"cursor\": 4}}")!;

        Assert.Equal("abca\nb", update.Changes.Apply("abc"));
        Assert.Equal("{\"Changes\":[3,[0,\"a\",\"b\"]],\"Effects\":{\"cursor\":4}}", JsonSerializer.Serialize(update));
    }

    [Fact]
    public void Deserialize_MalformedChangesInsideAPayload_KeepsTheMessage()
    {
        var error = Assert.Throws<InvalidChangeSetException>(() => JsonSerializer.Deserialize<PushedUpdate>("{\"Changes\": [3, \"x\"]}"));

        Assert.Equal("$[1]", error.JsonPath);
    }
}
