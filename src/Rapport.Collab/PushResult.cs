namespace Rapport.Collab;

/// <summary>
/// What a push did: the updates it appended (rebased, re-sends dropped), or why it was refused.
/// A refused push changes nothing; the reason is meant for the sender only.
/// </summary>
public sealed record PushResult
{
    private PushResult(IReadOnlyList<PadUpdate> accepted, int version, string? rejection)
    {
        Accepted = accepted;
        Version = version;
        Rejection = rejection;
    }

    /// <summary>The updates appended to the log, in version order; empty when everything pushed had been accepted before.</summary>
    public IReadOnlyList<PadUpdate> Accepted { get; }

    /// <summary>The document's version after the push (unchanged when it was rejected).</summary>
    public int Version { get; }

    /// <summary>Why the push was refused, or null when it was accepted.</summary>
    public string? Rejection { get; }

    public bool IsAccepted => Rejection is null;

    internal static PushResult Accept(IReadOnlyList<PadUpdate> accepted, int version) => new(accepted, version, null);

    internal static PushResult Reject(int version, string reason) => new([], version, reason);
}
