namespace Rapport.Collab;

/// <summary>
/// Walks the sections of a change, possibly part of one at a time (CodeMirror's <c>SectionIter</c>).
/// Mutable fields on purpose: it is the inner loop of map and compose.
/// </summary>
internal sealed class SectionCursor
{
    private readonly int[] sections;
    private readonly ChangeSet? set;

    public SectionCursor(ChangeDesc desc)
    {
        sections = desc.Sections;
        set = desc as ChangeSet;
        Next();
    }

    /// <summary>The index just past the current section's pair; identifies the section.</summary>
    public int Index { get; private set; }

    /// <summary>The remaining old-document length of the current section.</summary>
    public int Len { get; private set; }

    /// <summary>-1 for a kept span, the remaining inserted length for a change, -2 when done.</summary>
    public int Ins { get; private set; }

    /// <summary>How far into the current section the cursor has moved.</summary>
    public int Off { get; private set; }

    public bool Done => Ins == -2;

    public int Len2 => Ins < 0 ? Len : Ins;

    public string Text => set?.InsertedAt((Index - 2) >> 1) ?? "";

    public void Next()
    {
        if (Index < sections.Length)
        {
            Len = sections[Index++];
            Ins = sections[Index++];
        }
        else
        {
            Len = 0;
            Ins = -2;
        }

        Off = 0;
    }

    public string TextBit(int len)
    {
        var text = Text;
        var start = Math.Min(Off, text.Length);
        return text.Substring(start, Math.Min(len, text.Length - start));
    }

    public void Forward(int len)
    {
        if (len == Len)
        {
            Next();
        }
        else
        {
            Len -= len;
            Off += len;
        }
    }

    public void Forward2(int len)
    {
        if (Ins == -1)
        {
            Forward(len);
        }
        else if (len == Ins)
        {
            Next();
        }
        else
        {
            Ins -= len;
            Off += len;
        }
    }
}
