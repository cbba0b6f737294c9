namespace Rapport.Collab;

/// <summary>
/// A push that <see cref="SharedDocument.Prepare"/> has checked and rebased but not applied. The
/// server makes <see cref="Result"/>'s updates durable first and only then calls
/// <see cref="SharedDocument.Commit"/>, so no reader of the document (a pull, a snapshot, a newly
/// opened editor) can see a version that a crash would lose.
/// </summary>
public sealed class PreparedPush
{
    internal PreparedPush(SharedDocument document, int fromVersion, PushResult result, string? newText)
    {
        Document = document;
        FromVersion = fromVersion;
        Result = result;
        NewText = newText;
    }

    /// <summary>The updates the push would append (with their versions), or why it is refused.</summary>
    public PushResult Result { get; }

    /// <summary>The document's length once committed (its length now for a refused push).</summary>
    public int NewLength => NewText?.Length ?? Document.Snapshot().Text.Length;

    internal SharedDocument Document { get; }

    /// <summary>The version the document was at when prepared; committing on any other is a bug in the caller.</summary>
    internal int FromVersion { get; }

    internal string? NewText { get; }
}
