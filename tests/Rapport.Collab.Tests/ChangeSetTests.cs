namespace Rapport.Collab.Tests;

/// <summary>Behaviour worth stating by hand; the fixtures cover the same ground at volume.</summary>
public sealed class ChangeSetTests
{
    [Fact]
    public void Apply_ToADocumentOfAnotherLength_IsRejected()
    {
        var changes = ChangeSet.FromJson("[3]");

        Assert.Throws<ArgumentException>(() => changes.Apply("ab"));
    }

    [Fact]
    public void Apply_DeletionAtTheEnd_TrimsTheDocument()
    {
        var changes = ChangeSet.Of([ChangeSpec.Deletion(2, 5)], 5);

        Assert.Equal("[2,[3]]", changes.ToJson());
        Assert.Equal("he", changes.Apply("hello"));
    }

    [Fact]
    public void Of_WindowsLineBreaks_BecomeOneUnitEach()
    {
        var changes = ChangeSet.Of([ChangeSpec.Insertion(0, "a\r\nb\rc")], 0);

        Assert.Equal("[[0,\"a\",\"b\",\"c\"]]", changes.ToJson());
        Assert.Equal(5, changes.NewLength);
    }

    [Fact]
    public void Of_RangeOutsideTheDocument_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeSet.Of([ChangeSpec.Deletion(1, 4)], 3));
    }

    [Fact]
    public void Map_InsertionsAtOnePosition_BeforeDecidesTheOrder()
    {
        var a = ChangeSet.Of([ChangeSpec.Insertion(1, "A")], 2);
        var b = ChangeSet.Of([ChangeSpec.Insertion(1, "B")], 2);

        Assert.Equal("xBAy", a.Map(b).Apply(b.Apply("xy")));
        Assert.Equal("xABy", a.Map(b, before: true).Apply(b.Apply("xy")));
    }

    [Fact]
    public void MapPos_PastTheEnd_IsRejected()
    {
        var changes = ChangeSet.FromJson("[2, [0, \"x\"]]");

        Assert.Equal(3, changes.MapPos(2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => changes.MapPos(3));
    }

    [Fact]
    public void MapPos_TrackDel_IsNullInsideADeletion()
    {
        var changes = ChangeSet.FromJson("[1, [3], 1]");

        Assert.Null(changes.MapPos(2, -1, MapMode.TrackDel));
        Assert.Equal(1, changes.MapPos(1, -1, MapMode.TrackDel));
        Assert.Equal(1, changes.MapPos(2));
    }

    [Fact]
    public void Compose_LengthsThatDoNotChain_AreRejected()
    {
        var a = ChangeSet.FromJson("[2, [0, \"x\"]]");

        // CodeMirror would return `a` unchanged here, because the second change is empty.
        Assert.Throws<ArgumentException>(() => a.Compose(ChangeSet.Empty(2)));
        Assert.Throws<ArgumentException>(() => a.Map(ChangeSet.Empty(3)));
    }

    [Fact]
    public void SelectionMap_BackwardRange_StaysBackward()
    {
        var changes = ChangeSet.Of([ChangeSpec.Insertion(0, "//")], 10);

        Assert.Equal(new PadSelection(7, 3), new PadSelection(5, 1).Map(changes));
    }
}
