namespace Rapport.Collab.Tests;

/// <summary>Mapping concurrent changes over each other and composing sequential ones, against @codemirror/state.</summary>
public sealed class MapComposeConformanceTests
{
    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "map", MemberType = typeof(FixtureCases))]
    public void Map_BothTieOrders_MatchTheLibrary(int index)
    {
        var c = FixtureCases.Case("map", index);
        var doc = c.GetProperty("doc").GetString()!;
        var a = ChangeSet.FromJson(c.GetProperty("a"), doc.Length);
        var b = ChangeSet.FromJson(c.GetProperty("b"), doc.Length);

        JsonAssert.Equal(c.GetProperty("mapped"), a.Map(b).ToJson(), "a.map(b)");
        JsonAssert.Equal(c.GetProperty("mappedBefore"), a.Map(b, before: true).ToJson(), "a.map(b, true)");
        JsonAssert.Equal(c.GetProperty("setMapDesc"), a.MapDesc(b).ToJson(), "a.mapDesc(b)");
        JsonAssert.Equal(c.GetProperty("setMapDescBefore"), a.MapDesc(b, before: true).ToJson(), "a.mapDesc(b, true)");
        JsonAssert.Equal(c.GetProperty("descMapDesc"), a.Desc.MapDesc(b.Desc).ToJson(), "a.desc.mapDesc(b.desc)");
        JsonAssert.Equal(c.GetProperty("descMapDescBefore"), a.Desc.MapDesc(b.Desc, before: true).ToJson(), "a.desc.mapDesc(b.desc, true)");
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "map", MemberType = typeof(FixtureCases))]
    public void Map_EitherOrderOfApplication_ConvergesToTheLibrarysText(int index)
    {
        var c = FixtureCases.Case("map", index);
        var doc = c.GetProperty("doc").GetString()!;
        var a = ChangeSet.FromJson(c.GetProperty("a"), doc.Length);
        var b = ChangeSet.FromJson(c.GetProperty("b"), doc.Length);
        var expected = c.GetProperty("converged").GetString();

        Assert.Equal(expected, b.Map(a).Apply(a.Apply(doc)));
        Assert.Equal(expected, a.Map(b, before: true).Apply(b.Apply(doc)));
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "compose", MemberType = typeof(FixtureCases))]
    public void Compose_MatchesTheLibrary(int index)
    {
        var c = FixtureCases.Case("compose", index);
        var doc = c.GetProperty("doc").GetString()!;
        var a = ChangeSet.FromJson(c.GetProperty("a"), doc.Length);
        var b = ChangeSet.FromJson(c.GetProperty("b"), a.NewLength);

        var composed = a.Compose(b);

        JsonAssert.Equal(c.GetProperty("composed"), composed.ToJson(), "a.compose(b)");
        JsonAssert.Equal(c.GetProperty("composedDesc"), a.Desc.ComposeDesc(b.Desc).ToJson(), "a.desc.composeDesc(b.desc)");
        Assert.Equal(c.GetProperty("result").GetString(), composed.Apply(doc));
        Assert.Equal(b.Apply(a.Apply(doc)), composed.Apply(doc));
    }
}
