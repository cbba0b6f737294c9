using System.Text.Json;

namespace Rapport.Collab.Tests;

/// <summary>Building, applying, inverting and serializing change sets, against @codemirror/state's own results.</summary>
public sealed class ChangeSetConformanceTests
{
    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "of", MemberType = typeof(FixtureCases))]
    public void Of_UnorderedOverlappingSpecs_BuildsTheLibrarysChangeSet(int index)
    {
        var c = FixtureCases.Case("of", index);
        var specs = c.GetProperty("specs").EnumerateArray()
            .Select(spec => new ChangeSpec(spec.GetProperty("from").GetInt32(), spec.GetProperty("to").GetInt32(), spec.GetProperty("insert").GetString()!));

        var changes = ChangeSet.Of(specs, c.GetProperty("length").GetInt32());

        JsonAssert.Equal(c.GetProperty("changes"), changes.ToJson(), "ChangeSet.of");
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "apply", MemberType = typeof(FixtureCases))]
    public void Apply_MatchesTheLibrary(int index)
    {
        var c = FixtureCases.Case("apply", index);
        var doc = c.GetProperty("doc").GetString()!;
        var changes = ChangeSet.FromJson(c.GetProperty("changes"), doc.Length);

        var result = changes.Apply(doc);

        Assert.Equal(c.GetProperty("result").GetString(), result);
        Assert.Equal(c.GetProperty("length").GetInt32(), changes.Length);
        Assert.Equal(c.GetProperty("newLength").GetInt32(), changes.NewLength);
        Assert.Equal(c.GetProperty("empty").GetBoolean(), changes.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "apply", MemberType = typeof(FixtureCases))]
    public void Invert_MatchesTheLibraryAndRestoresTheDocument(int index)
    {
        var c = FixtureCases.Case("apply", index);
        var doc = c.GetProperty("doc").GetString()!;
        var changes = ChangeSet.FromJson(c.GetProperty("changes"), doc.Length);

        var inverse = changes.Invert(doc);

        JsonAssert.Equal(c.GetProperty("inverse"), inverse.ToJson(), "invert");
        JsonAssert.Equal(c.GetProperty("invertedDesc"), changes.Desc.InvertedDesc.ToJson(), "invertedDesc");
        Assert.Equal(doc, inverse.Apply(changes.Apply(doc)));
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "apply", MemberType = typeof(FixtureCases))]
    public void ChangedRanges_MatchIterChanges(int index)
    {
        var c = FixtureCases.Case("apply", index);
        var changes = ChangeSet.FromJson(c.GetProperty("changes"));

        JsonAssert.Equal(c.GetProperty("ranges"), Ranges(changes.ChangedRanges()), "iterChanges");
        JsonAssert.Equal(c.GetProperty("individualRanges"), Ranges(changes.ChangedRanges(individual: true)), "iterChanges(individual)");
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "json", MemberType = typeof(FixtureCases))]
    public void Json_RoundTripsAsTheLibraryDoes(int index)
    {
        var c = FixtureCases.Case("json", index);

        var changes = ChangeSet.FromJson(c.GetProperty("input").GetString()!);

        JsonAssert.Equal(c.GetProperty("output"), changes.ToJson(), "fromJSON then toJSON");
        JsonAssert.Equal(c.GetProperty("desc"), changes.Desc.ToJson(), "desc.toJSON");
        JsonAssert.Equal(c.GetProperty("descRoundTrip"), ChangeDesc.FromJson(c.GetProperty("desc")).ToJson(), "ChangeDesc.fromJSON");
        Assert.Equal(c.GetProperty("length").GetInt32(), changes.Length);
        Assert.Equal(c.GetProperty("newLength").GetInt32(), changes.NewLength);
        Assert.Equal(c.GetProperty("empty").GetBoolean(), changes.IsEmpty);
    }

    private static string Ranges(IEnumerable<ChangedRange> ranges) =>
        JsonSerializer.Serialize(ranges.Select(r => new object[] { r.FromA, r.ToA, r.FromB, r.ToB, r.Inserted }));
}
