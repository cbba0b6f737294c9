using System.Text;
using System.Text.Json;

namespace Rapport.Collab;

/// <summary>
/// The shape of a change without its inserted text: enough to map positions and other changes,
/// cheaper to keep than a <see cref="ChangeSet"/>. A port of CodeMirror 6's <c>ChangeDesc</c>.
/// </summary>
/// <remarks>
/// Sections are pairs of integers, exactly as in <c>@codemirror/state</c>: the length in the old
/// document, then -1 for an unchanged span or the length of the replacement. The methods follow
/// the library line by line, including where it does not normalize, because the conformance
/// fixtures compare sections exactly. All lengths and positions count UTF-16 units.
/// </remarks>
public class ChangeDesc
{
    private protected ChangeDesc(int[] sections) => Sections = sections;

    internal int[] Sections { get; }

    /// <summary>The length of the document before the change.</summary>
    public int Length
    {
        get
        {
            var result = 0;
            for (var i = 0; i < Sections.Length; i += 2)
            {
                result += Sections[i];
            }

            return result;
        }
    }

    /// <summary>The length of the document after the change.</summary>
    public int NewLength
    {
        get
        {
            var result = 0;
            for (var i = 0; i < Sections.Length; i += 2)
            {
                var ins = Sections[i + 1];
                result += ins < 0 ? Sections[i] : ins;
            }

            return result;
        }
    }

    /// <summary>True when nothing changes (CodeMirror's <c>empty</c>, with its quirk that <c>[0, 0]</c> as two kept spans is not empty).</summary>
    public bool IsEmpty => Sections.Length == 0 || (Sections.Length == 2 && Sections[1] < 0);

    /// <summary>The description that undoes this one.</summary>
    public ChangeDesc InvertedDesc
    {
        get
        {
            var sections = new int[Sections.Length];
            for (var i = 0; i < Sections.Length; i += 2)
            {
                int len = Sections[i], ins = Sections[i + 1];
                (sections[i], sections[i + 1]) = ins < 0 ? (len, ins) : (ins, len);
            }

            return new ChangeDesc(sections);
        }
    }

    /// <summary>The changed spans, merged where adjacent unless <paramref name="individual"/>.</summary>
    public IReadOnlyList<ChangedRange> ChangedRanges(bool individual = false) => SectionAlgebra.ChangedRanges(this, individual);

    /// <summary>The combined effect of this change and then <paramref name="other"/>, which starts where this one ends.</summary>
    public ChangeDesc ComposeDesc(ChangeDesc other)
    {
        ArgumentNullException.ThrowIfNull(other);
        SectionAlgebra.RequireSameLength(NewLength, other.Length, "compose");
        return IsEmpty ? other : other.IsEmpty ? this : SectionAlgebra.Compose(this, other, makeSet: false);
    }

    /// <summary>
    /// This change, which starts in the same document as <paramref name="other"/>, moved to apply
    /// after it. With <paramref name="before"/>, ties order this change first.
    /// </summary>
    public virtual ChangeDesc MapDesc(ChangeDesc other, bool before = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        SectionAlgebra.RequireSameLength(Length, other.Length, "map");
        return other.IsEmpty ? this : SectionAlgebra.Map(this, other, before, makeSet: false);
    }

    /// <summary>
    /// Where <paramref name="pos"/> ends up after this change. At an insertion, <paramref name="assoc"/>
    /// below zero keeps it before the inserted text and above zero moves it after.
    /// </summary>
    public int MapPos(int pos, int assoc = -1) => MapPos(pos, assoc, MapMode.Simple) ?? throw new InvalidOperationException("Simple mapping always yields a position.");

    /// <summary>As <see cref="MapPos(int, int)"/>, but null when <paramref name="mode"/> tracks a deletion that hit the position.</summary>
    public int? MapPos(int pos, int assoc, MapMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pos);
        int posA = 0, posB = 0;
        for (var i = 0; i < Sections.Length;)
        {
            int len = Sections[i++], ins = Sections[i++], endA = posA + len;
            if (ins < 0)
            {
                if (endA > pos)
                {
                    return posB + (pos - posA);
                }

                posB += len;
            }
            else
            {
                if (mode != MapMode.Simple && endA >= pos &&
                    ((mode == MapMode.TrackDel && posA < pos && endA > pos) ||
                     (mode == MapMode.TrackBefore && posA < pos) ||
                     (mode == MapMode.TrackAfter && endA > pos)))
                {
                    return null;
                }

                if (endA > pos || (endA == pos && assoc < 0 && len == 0))
                {
                    return pos == posA || assoc < 0 ? posB : posB + ins;
                }

                posB += ins;
            }

            posA = endA;
        }

        if (pos > posA)
        {
            throw new ArgumentOutOfRangeException(nameof(pos), pos, $"Position {pos} is out of range for a change of length {posA}.");
        }

        return posB;
    }

    /// <summary>Whether a change touches <paramref name="from"/>..<paramref name="to"/>, and whether one covers it entirely.</summary>
    public RangeTouch TouchesRange(int from, int to)
    {
        for (int i = 0, pos = 0; i < Sections.Length && pos <= to;)
        {
            int len = Sections[i++], ins = Sections[i++], end = pos + len;
            if (ins >= 0 && pos <= to && end >= from)
            {
                return pos < from && end > to ? RangeTouch.Covers : RangeTouch.Touches;
            }

            pos = end;
        }

        return RangeTouch.None;
    }

    /// <summary>The sections as JSON (CodeMirror's <c>ChangeDesc.toJSON</c>); a <see cref="ChangeSet"/> writes its own form instead.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public virtual void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var value in Sections)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads the sections form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidChangeSetException">The JSON is not an even-length array of lengths.</exception>
    public static ChangeDesc FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() % 2 != 0)
        {
            throw new InvalidChangeSetException("$", "a ChangeDesc's JSON must be an array of an even number of integers.");
        }

        var sections = new int[json.GetArrayLength()];
        var i = 0;
        foreach (var item in json.EnumerateArray())
        {
            var minimum = i % 2 == 0 ? 0 : -1;
            if (!ChangeSetJson.TryGetLength(item, out var value) && !(minimum < 0 && item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out value) && value == -1))
            {
                throw new InvalidChangeSetException($"$[{i}]", $"expected an integer of at least {minimum}, got {ChangeSetJson.Describe(item)}.");
            }

            sections[i++] = value;
        }

        return new ChangeDesc(sections);
    }

    public override string ToString()
    {
        var result = new StringBuilder();
        for (var i = 0; i < Sections.Length; i += 2)
        {
            if (result.Length > 0)
            {
                result.Append(' ');
            }

            result.Append(Sections[i]);
            if (Sections[i + 1] >= 0)
            {
                result.Append(':').Append(Sections[i + 1]);
            }
        }

        return result.ToString();
    }

    internal static ChangeDesc Create(int[] sections) => new(sections);
}
