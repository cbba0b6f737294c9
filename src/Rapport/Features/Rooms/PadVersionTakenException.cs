namespace Rapport.Features.Rooms;

/// <summary>
/// The room log refused a pad update: it already holds that version of the pad, or a later one.
/// The pad that prepared it lags the log (another server held the room meanwhile, ADR 16); its
/// server reads the pad again, and the editor rebases and resends.
/// </summary>
public sealed class PadVersionTakenException : Exception
{
    public PadVersionTakenException()
    {
    }

    public PadVersionTakenException(string message)
        : base(message)
    {
    }

    public PadVersionTakenException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PadVersionTakenException(Guid interviewId, int version, int last)
        : base($"The room log of interview {interviewId} already holds pad version {last}; an update of version {version} comes from a pad that lags it.")
    {
        (InterviewId, Version, Last) = (interviewId, version, last);
    }

    public Guid InterviewId { get; }

    /// <summary>The version the refused update applies to.</summary>
    public int Version { get; }

    /// <summary>The room's last pad version in the log.</summary>
    public int Last { get; }
}
