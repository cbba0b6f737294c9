namespace Rapport.Collab;

/// <summary>Replace <see cref="From"/>..<see cref="To"/> of a document with <see cref="Insert"/>; the input of <see cref="ChangeSet.Of"/>.</summary>
/// <remarks>Line breaks in <see cref="Insert"/> may be <c>\r\n</c>, <c>\r</c> or <c>\n</c>; like CodeMirror, they become <c>\n</c>.</remarks>
public readonly record struct ChangeSpec(int From, int To, string Insert = "")
{
    public static ChangeSpec Insertion(int at, string text) => new(at, at, text);

    public static ChangeSpec Deletion(int from, int to) => new(from, to);
}
