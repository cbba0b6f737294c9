namespace Rapport.Stats.Calibration;

/// <summary>
/// Whether the design links everyone: scores are only comparable between candidates joined by
/// a chain of shared interviewers. See <see cref="DesignConnectivity"/>.
/// </summary>
/// <param name="Groups">Groups of candidates and interviewers joined by shared interviews, largest first. One group means every score can be compared.</param>
/// <param name="CandidateQuestionGroups">Groups in the graph of candidates and the questions they answered.</param>
/// <param name="InterviewerQuestionGroups">Groups in the graph of interviewers and the questions they asked; more than one means some severities cannot be told apart from some difficulties.</param>
/// <param name="Notes">What each problem means and what to change, in sentences.</param>
public sealed record ConnectivityReport(
    IReadOnlyList<ConnectedGroup> Groups,
    int CandidateQuestionGroups,
    int InterviewerQuestionGroups,
    IReadOnlyList<string> Notes)
{
    public bool IsConnected => Groups.Count <= 1 && CandidateQuestionGroups <= 1 && InterviewerQuestionGroups <= 1;
}

/// <summary>One group of candidates and interviewers linked by interviews.</summary>
/// <param name="CandidateCount">Candidates in the group.</param>
/// <param name="InterviewerCount">Interviewers in the group.</param>
/// <param name="RatingCount">Ratings in the group.</param>
/// <param name="Candidates">Up to 20 of its candidates, in the order first seen.</param>
/// <param name="Interviewers">Up to 20 of its interviewers, in the order first seen.</param>
public sealed record ConnectedGroup(
    int CandidateCount,
    int InterviewerCount,
    int RatingCount,
    IReadOnlyList<string> Candidates,
    IReadOnlyList<string> Interviewers);
