using System.Text.Json;

namespace Rapport.Collab.Tests;

/// <summary>Position and selection mapping for remote cursors, against @codemirror/state.</summary>
public sealed class MapPosConformanceTests
{
    private static readonly MapMode[] Modes = [MapMode.Simple, MapMode.TrackDel, MapMode.TrackBefore, MapMode.TrackAfter];

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "mapPos", MemberType = typeof(FixtureCases))]
    public void MapPos_EveryPositionAssocAndMode_MatchesTheLibrary(int index)
    {
        var c = FixtureCases.Case("mapPos", index);
        var changes = ChangeSet.FromJson(c.GetProperty("changes"));
        var desc = ChangeDesc.FromJson(c.GetProperty("desc"));
        var mismatches = new List<string>();

        foreach (var row in c.GetProperty("positions").EnumerateArray())
        {
            var pos = row[0].GetInt32();
            var column = 1;
            foreach (var mode in Modes)
            {
                foreach (var assoc in new[] { -1, 1 })
                {
                    var cell = row[column++];
                    int? expected = cell.ValueKind == JsonValueKind.Null ? null : cell.GetInt32();
                    var fromSet = changes.MapPos(pos, assoc, mode);
                    var fromDesc = desc.MapPos(pos, assoc, mode);
                    if (fromSet != expected || fromDesc != expected)
                    {
                        mismatches.Add($"mapPos({pos}, {assoc}, {mode}): expected {expected?.ToString() ?? "null"}, got {fromSet?.ToString() ?? "null"}");
                    }
                }
            }

            if (changes.MapPos(pos) != row[1].GetInt32())
            {
                mismatches.Add($"mapPos({pos}) with default assoc differs");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "mapPos", MemberType = typeof(FixtureCases))]
    public void SelectionMap_MatchesSelectionRangeMap(int index)
    {
        var c = FixtureCases.Case("mapPos", index);
        var changes = ChangeSet.FromJson(c.GetProperty("changes"));

        foreach (var row in c.GetProperty("selections").EnumerateArray())
        {
            var selection = new PadSelection(row[0].GetInt32(), row[1].GetInt32());

            var mapped = selection.Map(changes, row[2].GetInt32());

            Assert.Equal(new PadSelection(row[3].GetInt32(), row[4].GetInt32()), mapped);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureCases.Indexes), "mapPos", MemberType = typeof(FixtureCases))]
    public void TouchesRange_MatchesTheLibrary(int index)
    {
        var c = FixtureCases.Case("mapPos", index);
        var changes = ChangeSet.FromJson(c.GetProperty("changes"));

        foreach (var row in c.GetProperty("touches").EnumerateArray())
        {
            var expected = row[2].ValueKind switch
            {
                JsonValueKind.False => RangeTouch.None,
                JsonValueKind.True => RangeTouch.Touches,
                _ when row[2].GetString() == "cover" => RangeTouch.Covers,
                _ => throw new InvalidDataException($"Unexpected touchesRange result {row[2]}"),
            };

            Assert.Equal(expected, changes.TouchesRange(row[0].GetInt32(), row[1].GetInt32()));
        }
    }
}
