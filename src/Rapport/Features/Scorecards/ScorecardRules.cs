using Rapport.Infrastructure;

namespace Rapport.Features.Scorecards;

/// <summary>
/// What a scorecard may hold, and what a submission needs. A draft only has to fit (known lines,
/// levels on the scale, texts within their limits); a submission also needs evidence for every
/// level given and a recommendation with a sentence why. Problems are keyed by the field at fault
/// (<c>ratings[2].evidence</c>), in words an interviewer can act on.
/// </summary>
public static class ScorecardRules
{
    public const int MaxEvidenceLength = 4000;
    public const int MaxWhyLength = 1000;
    public const int MaxMomentsPerRating = 20;

    public static readonly IReadOnlyDictionary<string, Recommendation> Recommendations = new Dictionary<string, Recommendation>
    {
        ["strong-no"] = Recommendation.StrongNo,
        ["no"] = Recommendation.No,
        ["yes"] = Recommendation.Yes,
        ["strong-yes"] = Recommendation.StrongYes,
    };

    public static string Name(Recommendation recommendation) => Recommendations.Single(r => r.Value == recommendation).Key;

    public static string Words(Recommendation recommendation) => recommendation switch
    {
        Recommendation.StrongNo => "Strong no",
        Recommendation.No => "No",
        Recommendation.Yes => "Yes",
        _ => "Strong yes",
    };

    /// <summary>Problems that stop a draft from being saved.</summary>
    public static Dictionary<string, string[]> CheckDraft(ScorecardContent content, ScorecardSheet sheet)
    {
        var errors = new Dictionary<string, string[]>();
        var ratings = content.Ratings ?? [];
        var seen = new HashSet<(string?, string?)>();
        for (var i = 0; i < ratings.Count; i++)
        {
            var rating = ratings[i];
            var field = $"ratings[{i}]";
            if (rating is null || sheet.Find(rating.Question, rating.Signal) is null)
            {
                errors[$"{field}.signal"] = [$"This scorecard has no line for the signal '{Quote(rating?.Signal)}' of '{Quote(rating?.Question)}'; rate only the lines it shows (reload the page if the interview changed)."];
                continue;
            }

            if (!seen.Add((rating.Question, rating.Signal)))
            {
                errors[$"{field}.signal"] = [$"The signal '{rating.Signal}' of '{rating.Question}' is rated twice; keep one."];
            }

            if (rating.Level is { } level && level is < Insights.RatingsLibrary.LowestLevel or > Insights.RatingsLibrary.HighestLevel)
            {
                errors[$"{field}.level"] = [$"A level is 1, 2, 3 or 4 (or leave it empty for not assessed); {level} is not on the scale."];
            }

            if ((rating.Evidence ?? "").Length > MaxEvidenceLength)
            {
                errors[$"{field}.evidence"] = [$"The evidence is {rating.Evidence!.Length} characters long; the limit is {MaxEvidenceLength}. Keep what the candidate did and said; the replay holds the rest."];
            }
            else if (ShownText.ProseProblem(rating.Evidence, "The evidence") is { } hidden)
            {
                errors[$"{field}.evidence"] = [hidden];
            }

            var moments = rating.Moments ?? [];
            if (moments.Count > MaxMomentsPerRating)
            {
                errors[$"{field}.moments"] = [$"Link at most {MaxMomentsPerRating} moments of the replay to one signal."];
            }
            else if (moments.Any(m => m < 1 || m > sheet.LastMoment))
            {
                errors[$"{field}.moments"] = [$"A linked moment is not in this interview's replay (its moments run from 1 to {sheet.LastMoment})."];
            }
        }

        if (content.Recommendation is { } recommendation && !Recommendations.ContainsKey(recommendation))
        {
            errors["recommendation"] = [$"'{Quote(recommendation)}' is not a recommendation; choose strong-no, no, yes or strong-yes."];
        }

        if ((content.Why ?? "").Length > MaxWhyLength)
        {
            errors["why"] = [$"The reason for the recommendation is {content.Why!.Length} characters long; the limit is {MaxWhyLength}. One or two sentences are enough."];
        }
        else if (ShownText.ProseProblem(content.Why, "The reason") is { } hidden)
        {
            errors["why"] = [hidden];
        }

        return errors;
    }

    /// <summary>Problems that stop a submission (or an amendment): the draft's, and what a finished scorecard needs.</summary>
    public static Dictionary<string, string[]> CheckSubmission(ScorecardContent content, ScorecardSheet sheet)
    {
        var errors = CheckDraft(content, sheet);
        var ratings = content.Ratings ?? [];
        for (var i = 0; i < ratings.Count; i++)
        {
            if (ratings[i] is { Level: not null } rated && string.IsNullOrWhiteSpace(rated.Evidence) && !errors.ContainsKey($"ratings[{i}].evidence"))
            {
                errors[$"ratings[{i}].evidence"] = [$"Level {rated.Level} for {sheet.Find(rated.Question, rated.Signal)?.SignalName ?? rated.Signal} needs its evidence: what did the candidate do or say that shows it?"];
            }
        }

        if (!ratings.Any(r => r?.Level is not null))
        {
            errors.TryAdd("ratings", ["Rate at least one signal; mark the others not assessed."]);
        }

        if (content.Recommendation is null)
        {
            errors.TryAdd("recommendation", ["Choose a recommendation: strong no, no, yes or strong yes."]);
        }

        if (string.IsNullOrWhiteSpace(content.Why))
        {
            errors.TryAdd("why", ["Say in a sentence why you recommend this."]);
        }

        return errors;
    }

    /// <summary>An amendment's reason: required, within its limit.</summary>
    public static string? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Say why you amend a submitted scorecard; the debrief sees the reason beside both versions."
        : reason.Trim().Length > ScorecardRevision.MaxReasonLength ? $"The reason is {reason.Trim().Length} characters long; the limit is {ScorecardRevision.MaxReasonLength}."
        : ShownText.ProseProblem(reason, "The reason");

    private static string Quote(string? value) => ShownText.Quote(value, 60);
}
