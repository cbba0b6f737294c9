using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rapport.Collab;

/// <summary>
/// A group of edits to one document, valid only for a document of exactly <see cref="ChangeDesc.Length"/>
/// UTF-16 units. A port of CodeMirror 6's <c>ChangeSet</c>, checked against the real library by
/// the conformance fixtures in <c>tests/Rapport.Collab.Tests/Fixtures</c>.
/// </summary>
/// <remarks>
/// CodeMirror keeps inserted text as a <c>Text</c> of lines; here it is a string with the lines
/// joined by <c>\n</c>, which has the same length and slices the same way. Immutable.
/// </remarks>
[JsonConverter(typeof(ChangeSetJsonConverter))]
public sealed class ChangeSet : ChangeDesc
{
    private readonly string[] inserted;

    private ChangeSet(int[] sections, string[] inserted)
        : base(sections) => this.inserted = inserted;

    /// <summary>A change set that changes nothing in a document of <paramref name="length"/> units.</summary>
    public static ChangeSet Empty(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new ChangeSet(length == 0 ? [] : [length, -1], []);
    }

    /// <summary>The description (no inserted text) of this change set.</summary>
    public ChangeDesc Desc => ChangeDesc.Create(Sections);

    /// <summary>
    /// Builds a change set from replacements given in the coordinates of the document before any
    /// of them, in any order; overlapping ones are combined as CodeMirror's <c>ChangeSet.of</c> does.
    /// </summary>
    public static ChangeSet Of(IEnumerable<ChangeSpec> changes, int length)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var sections = new List<int>();
        var texts = new List<string>();
        var pos = 0;
        ChangeSet? total = null;

        void Flush(bool force)
        {
            if (!force && sections.Count == 0)
            {
                return;
            }

            if (pos < length)
            {
                SectionAlgebra.AddSection(sections, length - pos, -1);
            }

            var set = new ChangeSet([.. sections], [.. texts]);
            total = total is null ? set : total.Compose(set.Map(total));
            sections.Clear();
            texts.Clear();
            pos = 0;
        }

        foreach (var (from, to, insert) in changes)
        {
            if (from > to || from < 0 || to > length)
            {
                throw new ArgumentOutOfRangeException(nameof(changes), $"Invalid change range {from} to {to} (in a document of length {length}).");
            }

            var text = LineBreaks.Normalize(insert ?? "");
            if (from == to && text.Length == 0)
            {
                continue;
            }

            if (from < pos)
            {
                Flush(force: false);
            }

            if (from > pos)
            {
                SectionAlgebra.AddSection(sections, from - pos, -1);
            }

            SectionAlgebra.AddSection(sections, to - from, text.Length);
            SectionAlgebra.AddInsert(texts, sections, text);
            pos = to;
        }

        Flush(force: total is null);
        return total!;
    }

    /// <summary>The document after the change.</summary>
    /// <exception cref="ArgumentException">The document's length differs from <see cref="ChangeDesc.Length"/>.</exception>
    public string Apply(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Length != Length)
        {
            throw new ArgumentException($"Cannot apply a change set of length {Length} to a document of length {document.Length}.", nameof(document));
        }

        var result = new StringBuilder(NewLength);
        var pos = 0;
        for (var i = 0; i < Sections.Length; i += 2)
        {
            int len = Sections[i], ins = Sections[i + 1];
            result.Append(ins < 0 ? document.AsSpan(pos, len) : InsertedAt(i >> 1));
            pos += len;
        }

        return result.ToString();
    }

    /// <summary>The change set that turns the result back into <paramref name="document"/>, the document before this change.</summary>
    public ChangeSet Invert(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Length != Length)
        {
            throw new ArgumentException($"Cannot invert a change set of length {Length} against a document of length {document.Length}.", nameof(document));
        }

        var sections = (int[])Sections.Clone();
        var texts = new List<string>();
        for (int i = 0, pos = 0; i < sections.Length; i += 2)
        {
            int len = sections[i], ins = sections[i + 1];
            if (ins >= 0)
            {
                sections[i] = ins;
                sections[i + 1] = len;
                var index = i >> 1;
                while (texts.Count < index)
                {
                    texts.Add("");
                }

                texts.Add(document.Substring(pos, len));
            }

            pos += len;
        }

        return new ChangeSet(sections, [.. texts]);
    }

    /// <summary>This change followed by <paramref name="other"/>, which must start in the document this one produces.</summary>
    public ChangeSet Compose(ChangeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        SectionAlgebra.RequireSameLength(NewLength, other.Length, "compose");
        return IsEmpty ? other : other.IsEmpty ? this : (ChangeSet)SectionAlgebra.Compose(this, other, makeSet: true);
    }

    /// <summary>
    /// This change set, which starts in the same document as <paramref name="other"/>, moved to apply
    /// after it. Ties (insertions at one position) put <paramref name="other"/> first unless
    /// <paramref name="before"/>. <c>A.Compose(B.Map(A))</c> and <c>B.Compose(A.Map(B, true))</c> give the same document.
    /// </summary>
    public ChangeSet Map(ChangeDesc other, bool before = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        SectionAlgebra.RequireSameLength(Length, other.Length, "map");
        return other.IsEmpty ? this : (ChangeSet)SectionAlgebra.Map(this, other, before, makeSet: true);
    }

    /// <summary>As <see cref="Map"/>, but without the shortcut for an empty <paramref name="other"/> (CodeMirror's <c>ChangeSet.mapDesc</c>).</summary>
    public override ChangeDesc MapDesc(ChangeDesc other, bool before = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SectionAlgebra.Map(this, other, before, makeSet: true);
    }

    /// <summary>Writes CodeMirror's JSON form: a number keeps that many units, <c>[n]</c> deletes n, <c>[n, "line", ...]</c> replaces n.</summary>
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        for (var i = 0; i < Sections.Length; i += 2)
        {
            int len = Sections[i], ins = Sections[i + 1];
            if (ins < 0)
            {
                writer.WriteNumberValue(len);
                continue;
            }

            writer.WriteStartArray();
            writer.WriteNumberValue(len);
            if (ins > 0)
            {
                foreach (var line in InsertedAt(i >> 1).Split('\n'))
                {
                    writer.WriteStringValue(line);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads CodeMirror's JSON form of a change set.</summary>
    /// <exception cref="InvalidChangeSetException">The JSON is malformed; the message names the offending element.</exception>
    public static new ChangeSet FromJson(JsonElement json) => ChangeSetJson.Read(json);

    /// <summary>As <see cref="FromJson(JsonElement)"/>, and the change set must cover exactly <paramref name="documentLength"/> units.</summary>
    public static ChangeSet FromJson(JsonElement json, int documentLength) => ChangeSetJson.RequireLength(ChangeSetJson.Read(json), documentLength);

    /// <inheritdoc cref="FromJson(JsonElement)"/>
    public static ChangeSet FromJson(string json) => ChangeSetJson.Read(json);

    /// <inheritdoc cref="FromJson(JsonElement, int)"/>
    public static ChangeSet FromJson(string json, int documentLength) => ChangeSetJson.RequireLength(ChangeSetJson.Read(json), documentLength);

    /// <summary>
    /// Whether both make the same edit, however their sections happen to be split (a zero-length
    /// kept span or a split deletion does not change what the edit does).
    /// </summary>
    internal bool MakesSameEdit(ChangeSet other) =>
        Length == other.Length && MergedRanges(this).SequenceEqual(MergedRanges(other));

    private static List<ChangedRange> MergedRanges(ChangeSet changes)
    {
        var merged = new List<ChangedRange>();
        foreach (var range in changes.ChangedRanges())
        {
            if (merged.Count > 0 && merged[^1].ToA == range.FromA && merged[^1].ToB == range.FromB)
            {
                var last = merged[^1];
                merged[^1] = last with { ToA = range.ToA, ToB = range.ToB, Inserted = last.Inserted + range.Inserted };
            }
            else if (range.FromA != range.ToA || range.FromB != range.ToB)
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    internal string InsertedAt(int index) => index < inserted.Length ? inserted[index] : "";

    internal static ChangeSet Create(int[] sections, string[] inserted) => new(sections, inserted);
}
