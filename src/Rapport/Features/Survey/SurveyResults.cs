using Microsoft.EntityFrameworkCore;
using Rapport.Data;

namespace Rapport.Features.Survey;

/// <summary>The figures of one question over a set of responses; null figures when fewer than five answered it.</summary>
public sealed record QuestionSummary(SurveyQuestion Question, bool Shown, double? Mean, IReadOnlyList<int>? Counts, int? NoHints);

/// <summary>What a set of published responses says, question by question.</summary>
public sealed record SurveySummary(int Responses, IReadOnlyList<QuestionSummary> Questions);

/// <summary>One interviewer's line on the results page; <see cref="Summary"/> is null until five responses are published.</summary>
public sealed record InterviewerSurveySummary(string Name, SurveySummary? Summary);

/// <summary>
/// Survey results for staff, only ever as aggregates of at least <see cref="MinimumResponses"/>
/// responses. A response is published once its week has ended, and responses are published five
/// at a time in a fixed order (week, then the random id): so a figure never moves by one
/// response, and comparing the page before and after one candidate's interview shows nothing of
/// that candidate's answers.
/// </summary>
public sealed class SurveyResults(AppDbContext db, TimeProvider time)
{
    public const int MinimumResponses = 5;

    /// <summary>The published part of a set of responses.</summary>
    public static List<SurveyResponse> Published(IEnumerable<SurveyResponse> responses, DateOnly currentWeek)
    {
        var ended = responses.Where(r => r.Week < currentWeek).OrderBy(r => r.Week).ThenBy(r => r.Id).ToList();
        return ended.Take(ended.Count / MinimumResponses * MinimumResponses).ToList();
    }

    public static SurveySummary? Summarize(IReadOnlyCollection<SurveyResponse> published)
    {
        if (published.Count < MinimumResponses)
        {
            return null;
        }

        return new SurveySummary(published.Count, [.. SurveyQuestions.All.Select(q => SummarizeQuestion(q, published))]);
    }

    private static QuestionSummary SummarizeQuestion(SurveyQuestion question, IReadOnlyCollection<SurveyResponse> published)
    {
        var values = published.Select(r => ValueOf(question, r)).OfType<int>().ToList();
        var noHints = question.OffersNoHints ? published.Count(r => r.NoHintsGiven) : (int?)null;
        // A question most candidates skipped could single one out: it follows the same rule of five.
        if (values.Count < MinimumResponses)
        {
            return new QuestionSummary(question, false, null, null, noHints);
        }

        var counts = Enumerable.Range(SurveyQuestions.Lowest, SurveyQuestions.Highest).Select(v => values.Count(x => x == v)).ToList();
        return new QuestionSummary(question, true, values.Average(), counts, noHints);
    }

    private static int? ValueOf(SurveyQuestion question, SurveyResponse response) => question.Field switch
    {
        "expectationsClear" => response.ExpectationsClear,
        "treatedWithRespect" => response.TreatedWithRespect,
        "hintsHelped" => response.HintsHelped,
        "timeForQuestions" => response.TimeForQuestions,
        "overall" => response.Overall,
        _ => null,
    };

    private DateOnly CurrentWeek => SurveyWindow.WeekOf(time.GetUtcNow());

    /// <summary>One interviewer's own results, from the interviews whose panel they sat on.</summary>
    public async Task<SurveySummary?> ForInterviewerAsync(string interviewerId, CancellationToken ct)
    {
        var responses = await LoadAsync(db.SurveyResponses.Where(r => r.Interviewers.Any(i => i.InterviewerId == interviewerId)), ct);
        return Summarize(Published(responses, CurrentWeek));
    }

    /// <summary>Every interviewer who has responses, by name, and all interviews together.</summary>
    public async Task<(SurveySummary? All, List<InterviewerSurveySummary> Interviewers)> ForEveryoneAsync(CancellationToken ct)
    {
        var responses = await LoadAsync(db.SurveyResponses, ct);
        var links = await db.SurveyResponseInterviewers.AsNoTracking().Select(i => new { i.ResponseId, i.InterviewerId }).ToListAsync(ct);
        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var byId = responses.ToDictionary(r => r.Id);
        var currentWeek = CurrentWeek;
        var interviewers = links.GroupBy(l => l.InterviewerId)
            .Select(g => new InterviewerSurveySummary(
                names.GetValueOrDefault(g.Key, "a former staff member"),
                Summarize(Published(g.Select(l => byId[l.ResponseId]), currentWeek))))
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return (Summarize(Published(responses, currentWeek)), interviewers);
    }

    /// <summary>
    /// The free texts of the published responses, for admins only: without interviewer or week, in
    /// the order of their text, so nothing in the list points to when or with whom they were written.
    /// </summary>
    public async Task<List<string>> PublishedCommentsAsync(CancellationToken ct)
    {
        var responses = await db.SurveyResponses.AsNoTracking().ToListAsync(ct);
        return [.. Published(responses, CurrentWeek).Select(r => r.Comment).OfType<string>().Order(StringComparer.Ordinal)];
    }

    /// <summary>The answers without the free text, which only admins ever read.</summary>
    private static async Task<List<SurveyResponse>> LoadAsync(IQueryable<SurveyResponse> responses, CancellationToken ct) =>
        await responses.AsNoTracking()
            .Select(r => new SurveyResponse
            {
                Id = r.Id,
                Week = r.Week,
                ExpectationsClear = r.ExpectationsClear,
                TreatedWithRespect = r.TreatedWithRespect,
                HintsHelped = r.HintsHelped,
                NoHintsGiven = r.NoHintsGiven,
                TimeForQuestions = r.TimeForQuestions,
                Overall = r.Overall,
            })
            .ToListAsync(ct);
}
