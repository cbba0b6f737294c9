namespace Rapport.Features.Survey;

/// <summary>Where the candidate's survey stands: open or when it opens, and whether it was answered.</summary>
public sealed record SurveyStateResponse(bool Open, DateTimeOffset OpensAt, bool Answered)
{
    public static SurveyStateResponse From(SurveyState state) => new(state.IsOpen, state.OpensAt, state.Answered);
}
