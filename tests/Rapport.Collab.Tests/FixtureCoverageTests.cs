using System.Text.Json;

namespace Rapport.Collab.Tests;

/// <summary>
/// Keeps the fixtures honest: a regenerated set that lost the hard cases (or most cases) fails
/// here instead of passing quietly.
/// </summary>
public sealed class FixtureCoverageTests
{
    private static IEnumerable<string> Documents() =>
        FixtureCases.All("apply").Concat(FixtureCases.All("map")).Concat(FixtureCases.All("compose")).Select(c => c.GetProperty("doc").GetString()!);

    private static IEnumerable<JsonElement> Replacements(string kind, string property) =>
        FixtureCases.All(kind).SelectMany(c => c.GetProperty(property).EnumerateArray()).Where(part => part.ValueKind == JsonValueKind.Array);

    [Fact]
    public void Fixtures_HoldAtLeastAThousandCases()
    {
        var counts = FixtureCases.Kinds.ToDictionary(kind => kind, kind => FixtureCases.All(kind).Count);

        Assert.All(counts, count => Assert.True(count.Value >= 100, $"{count.Key}: only {count.Value} cases"));
        Assert.True(counts.Values.Sum() >= 1000, $"{counts.Values.Sum()} cases in total");
    }

    [Fact]
    public void Fixtures_CoverEmptyMultiLineAndAstralDocuments()
    {
        var documents = Documents().ToList();

        Assert.Contains(documents, doc => doc.Length == 0);
        Assert.Contains(documents, doc => doc.Count(c => c == '\n') >= 2);
        Assert.Contains(documents, doc => doc.Any(char.IsSurrogate));
        Assert.Contains(Replacements("apply", "changes"), part => part.EnumerateArray().Skip(1).Any(line => line.GetString()!.Any(char.IsSurrogate)));
    }

    [Fact]
    public void Fixtures_CoverDeletionsAtTheEndAndInsertionsAtOnePosition()
    {
        // A deletion at the end is a replacement that is the last part of the JSON.
        Assert.Contains(FixtureCases.All("apply"), c => c.GetProperty("changes").EnumerateArray().LastOrDefault().ValueKind == JsonValueKind.Array);
        // Concurrent insertions at one position: both sides insert where the other inserts.
        Assert.Contains(FixtureCases.All("map"), c => Insertions(c.GetProperty("a")).Intersect(Insertions(c.GetProperty("b"))).Any());
    }

    [Fact]
    public void Fixtures_CoverStalePushesAndReSends()
    {
        var pushes = FixtureCases.All("rebase").SelectMany(c => c.GetProperty("pushes").EnumerateArray()).ToList();

        Assert.Contains(pushes, push => push.GetProperty("accepted").GetArrayLength() < push.GetProperty("changes").GetArrayLength());
        Assert.Contains(pushes, push => push.GetProperty("accepted").GetRawText() != push.GetProperty("changes").GetRawText()
            && push.GetProperty("accepted").GetArrayLength() == push.GetProperty("changes").GetArrayLength());
        Assert.True(FixtureCases.All("rebaseUpdates").Count >= 100);
    }

    [Fact]
    public void Fixtures_CoverEmptySpansAtEveryPlace_AcceptedAndRefused()
    {
        var cases = FixtureCases.All("validity");
        foreach (var place in new[] { "start", "middle", "end", "several" })
        {
            // A 0 kept span is refused wherever it is; an empty replacement [0] is accepted wherever it is.
            Assert.Contains(cases, c => Is(c, "kept-zero", place) && c.GetProperty("reason").GetString() == "empty-kept");
            Assert.Contains(cases, c => Is(c, "empty-replacement", place) && c.GetProperty("accepted").GetBoolean());
            Assert.Contains(cases, c => Is(c, "empty-mixed", place));
        }

        Assert.Contains(cases, c => c.GetProperty("form").GetString() == "empty-replacement" && c.GetProperty("changes").GetString()!.Contains("[0,\"\"]", StringComparison.Ordinal));
        Assert.Contains(cases, c => Is(c, "split-kept", "split") && c.GetProperty("accepted").GetBoolean());
        Assert.Contains(cases, c => Is(c, "library-made", "as-made") && c.GetProperty("accepted").GetBoolean());
        Assert.Contains(cases, c => c.GetProperty("form").GetString() == "too-short" && c.GetProperty("reason").GetString() == "length");
        Assert.Contains(cases, c => c.GetProperty("form").GetString() == "too-long" && c.GetProperty("reason").GetString() == "length");
        Assert.True(cases.Count >= 300, $"only {cases.Count} validity cases");
    }

    [Fact]
    public void Fixtures_CoverChangesStartingAndEndingInsideASurrogatePair()
    {
        var cases = FixtureCases.All("validity");
        foreach (var edit in new[] { "delete-from", "delete-to", "insert", "replace-from", "replace-to", "replace-both" })
        {
            Assert.Contains(cases, c => Is(c, "surrogate", edit) && c.GetProperty("reason").GetString() == "surrogate");
        }

        // The same edit written in two parts that meet inside a pair changes whole characters, and is accepted.
        Assert.Contains(cases, c => Is(c, "split-change", "split-inside-pair") && c.GetProperty("accepted").GetBoolean());
        Assert.True(cases.Count(c => c.GetProperty("form").GetString() == "malformed") >= 13);
    }

    private static bool Is(JsonElement c, string form, string variant) =>
        c.GetProperty("form").GetString() == form && c.GetProperty("variant").GetString() == variant;

    private static HashSet<int> Insertions(JsonElement changes)
    {
        var positions = new HashSet<int>();
        var pos = 0;
        foreach (var part in changes.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Number)
            {
                pos += part.GetInt32();
                continue;
            }

            if (part[0].GetInt32() == 0 && part.GetArrayLength() > 1)
            {
                positions.Add(pos);
            }

            pos += part[0].GetInt32();
        }

        return positions;
    }
}
