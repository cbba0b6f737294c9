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
