namespace Rapport.Collab;

/// <summary>
/// Change set JSON that cannot describe an edit of the document. <see cref="JsonPath"/> names the
/// offending element (<c>$[2][1]</c> is the first line of the third part), so a client can be told
/// exactly what it sent wrong.
/// </summary>
public sealed class InvalidChangeSetException : FormatException
{
    public InvalidChangeSetException()
        : this("$", "invalid change set.")
    {
    }

    public InvalidChangeSetException(string message)
        : this("$", message)
    {
    }

    public InvalidChangeSetException(string message, Exception innerException)
        : this("$", message, innerException)
    {
    }

    public InvalidChangeSetException(string jsonPath, string problem, Exception? innerException = null)
        : base($"Invalid ChangeSet JSON at {jsonPath}: {problem}", innerException)
    {
        JsonPath = jsonPath;
    }

    /// <summary>Where in the JSON the problem is, as a JSONPath (<c>$</c> for the whole value).</summary>
    public string JsonPath { get; }
}
