namespace Rapport.Features.Interviews;

/// <summary>Why a candidate link stopped working.</summary>
public enum CandidateLinkEnd
{
    /// <summary>A coordinator withdrew it.</summary>
    Withdrawn,

    /// <summary>A coordinator issued a new link for the interview, which retires this one.</summary>
    Replaced,

    /// <summary>The grace period after the interview is over.</summary>
    Expired,

    /// <summary>The panel ended the interview: the room closes, the link still opens the candidate's page.</summary>
    InterviewEnded,

    /// <summary>A coordinator cancelled the interview: as for <see cref="InterviewEnded"/>.</summary>
    InterviewCancelled,
}

/// <summary>
/// Hears, once they are saved, the changes to a candidate link that whoever holds live connections
/// opened by it must act on. Interviews owns the links and the room holds those connections, but
/// features depend one way (Interviews before Rooms): so the interface lives here and Rooms
/// implements it (<c>Rooms.CandidateConnections</c>), and Interviews never names Rooms.
/// </summary>
public interface ICandidateLinkListener
{
    /// <summary>The link was withdrawn or replaced: whatever it opened must close now.</summary>
    Task LinkEndedAsync(Guid linkId, CandidateLinkEnd why);

    /// <summary>The link's end moved (extra time granted or taken back): it now works until <paramref name="expiresAt"/>.</summary>
    Task LinkEndMovedAsync(Guid linkId, DateTimeOffset expiresAt);
}
