namespace Rapport.Collab;

/// <summary>
/// The section arithmetic behind <see cref="ChangeDesc"/> and <see cref="ChangeSet"/>: a direct
/// port of <c>addSection</c>, <c>addInsert</c>, <c>iterChanges</c>, <c>mapSet</c> and
/// <c>composeSets</c> from <c>@codemirror/state</c>. Keep it that way: any "simplification"
/// changes how adjacent sections merge, and the fixtures compare sections exactly.
/// </summary>
internal static class SectionAlgebra
{
    public static void AddSection(List<int> sections, int len, int ins, bool forceJoin = false)
    {
        if (len == 0 && ins <= 0)
        {
            return;
        }

        var last = sections.Count - 2;
        if (last >= 0 && ins <= 0 && ins == sections[last + 1])
        {
            sections[last] += len;
        }
        else if (last >= 0 && len == 0 && sections[last] == 0)
        {
            sections[last + 1] += ins;
        }
        else if (forceJoin && last >= 0)
        {
            sections[last] += len;
            sections[last + 1] += ins;
        }
        else
        {
            sections.Add(len);
            sections.Add(ins);
        }
    }

    public static void AddInsert(List<string> values, List<int> sections, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        var index = (sections.Count - 2) >> 1;
        if (index < values.Count)
        {
            values[^1] += value;
        }
        else
        {
            while (values.Count < index)
            {
                values.Add("");
            }

            values.Add(value);
        }
    }

    public static IReadOnlyList<ChangedRange> ChangedRanges(ChangeDesc desc, bool individual)
    {
        var sections = desc.Sections;
        var set = desc as ChangeSet;
        var ranges = new List<ChangedRange>();
        for (int posA = 0, posB = 0, i = 0; i < sections.Length;)
        {
            int len = sections[i++], ins = sections[i++];
            if (ins < 0)
            {
                posA += len;
                posB += len;
                continue;
            }

            int endA = posA, endB = posB;
            var text = "";
            while (true)
            {
                endA += len;
                endB += ins;
                if (ins != 0 && set is not null)
                {
                    text += set.InsertedAt((i - 2) >> 1);
                }

                if (individual || i == sections.Length || sections[i + 1] < 0)
                {
                    break;
                }

                len = sections[i++];
                ins = sections[i++];
            }

            ranges.Add(new ChangedRange(posA, endA, posB, endB, text));
            posA = endA;
            posB = endB;
        }

        return ranges;
    }

    /// <summary>A copy of <paramref name="setA"/> that applies after <paramref name="setB"/>; both start in the same document.</summary>
    public static ChangeDesc Map(ChangeDesc setA, ChangeDesc setB, bool before, bool makeSet)
    {
        RequireSameLength(setA.Length, setB.Length, "map");
        var sections = new List<int>();
        var insert = makeSet ? new List<string>() : null;
        var a = new SectionCursor(setA);
        var b = new SectionCursor(setB);
        // Which section of A (by cursor index) already had its insertion emitted, for changes in
        // A that are processed piece by piece.
        for (var inserted = -1; ;)
        {
            if ((a.Done && b.Len != 0) || (b.Done && a.Len != 0))
            {
                throw new ArgumentException("Mismatched change set lengths.");
            }
            else if (a.Ins == -1 && b.Ins == -1)
            {
                // A span both sets keep.
                var len = Math.Min(a.Len, b.Len);
                AddSection(sections, len, -1);
                a.Forward(len);
                b.Forward(len);
            }
            else if (b.Ins >= 0 && (a.Ins < 0 || inserted == a.Index || (a.Off == 0 && (b.Len < a.Len || (b.Len == a.Len && !before)))))
            {
                // A change in B comes first (by start, then length, then the before flag): keep its
                // result and consume whatever of A it covers.
                var len = b.Len;
                AddSection(sections, b.Ins, -1);
                while (len != 0)
                {
                    var piece = Math.Min(a.Len, len);
                    if (a.Ins >= 0 && inserted < a.Index && a.Len <= piece)
                    {
                        AddSection(sections, 0, a.Ins);
                        if (insert is not null)
                        {
                            AddInsert(insert, sections, a.Text);
                        }

                        inserted = a.Index;
                    }

                    a.Forward(piece);
                    len -= piece;
                }

                b.Next();
            }
            else if (a.Ins >= 0)
            {
                // The part of a change in A up to the next non-deletion change in B.
                int len = 0, left = a.Len;
                while (left != 0)
                {
                    if (b.Ins == -1)
                    {
                        var piece = Math.Min(left, b.Len);
                        len += piece;
                        left -= piece;
                        b.Forward(piece);
                    }
                    else if (b.Ins == 0 && b.Len < left)
                    {
                        left -= b.Len;
                        b.Next();
                    }
                    else
                    {
                        break;
                    }
                }

                AddSection(sections, len, inserted < a.Index ? a.Ins : 0);
                if (insert is not null && inserted < a.Index)
                {
                    AddInsert(insert, sections, a.Text);
                }

                inserted = a.Index;
                a.Forward(a.Len - left);
            }
            else if (a.Done && b.Done)
            {
                return insert is null ? ChangeDesc.Create([.. sections]) : ChangeSet.Create([.. sections], [.. insert]);
            }
            else
            {
                throw new ArgumentException("Mismatched change set lengths.");
            }
        }
    }

    /// <summary><paramref name="setA"/> followed by <paramref name="setB"/>, which starts where A ends.</summary>
    public static ChangeDesc Compose(ChangeDesc setA, ChangeDesc setB, bool makeSet)
    {
        RequireSameLength(setA.NewLength, setB.Length, "compose");
        var sections = new List<int>();
        var insert = makeSet ? new List<string>() : null;
        var a = new SectionCursor(setA);
        var b = new SectionCursor(setB);
        for (var open = false; ;)
        {
            if (a.Done && b.Done)
            {
                return insert is null ? ChangeDesc.Create([.. sections]) : ChangeSet.Create([.. sections], [.. insert]);
            }
            else if (a.Ins == 0)
            {
                // A deletion in A.
                AddSection(sections, a.Len, 0, open);
                a.Next();
            }
            else if (b.Len == 0 && !b.Done)
            {
                // An insertion in B.
                AddSection(sections, 0, b.Ins, open);
                if (insert is not null)
                {
                    AddInsert(insert, sections, b.Text);
                }

                b.Next();
            }
            else if (a.Done || b.Done)
            {
                throw new ArgumentException("Mismatched change set lengths.");
            }
            else
            {
                int len = Math.Min(a.Len2, b.Len), sectionLen = sections.Count;
                if (a.Ins == -1)
                {
                    var insB = b.Ins == -1 ? -1 : b.Off != 0 ? 0 : b.Ins;
                    AddSection(sections, len, insB, open);
                    // CodeMirror tests `insB` for truth, so -1 also gets here (with empty text).
                    if (insert is not null && insB != 0)
                    {
                        AddInsert(insert, sections, b.Text);
                    }
                }
                else if (b.Ins == -1)
                {
                    AddSection(sections, a.Off != 0 ? 0 : a.Len, len, open);
                    if (insert is not null)
                    {
                        AddInsert(insert, sections, a.TextBit(len));
                    }
                }
                else
                {
                    AddSection(sections, a.Off != 0 ? 0 : a.Len, b.Off != 0 ? 0 : b.Ins, open);
                    if (insert is not null && b.Off == 0)
                    {
                        AddInsert(insert, sections, b.Text);
                    }
                }

                open = (a.Ins > len || (b.Ins >= 0 && b.Len > len)) && (open || sections.Count > sectionLen);
                a.Forward2(len);
                b.Forward(len);
            }
        }
    }

    // CodeMirror can loop forever (or, behind its shortcuts for empty changes, silently carry on)
    // on mismatched lengths; checking first turns that into an error.
    public static void RequireSameLength(int expected, int actual, string operation)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Cannot {operation}: the change sets' lengths do not match ({expected} and {actual}).");
        }
    }
}
