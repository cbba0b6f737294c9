using Rapport.Stats.Ratings;

namespace Rapport.Features.Insights;

/// <summary>A question's pass rate month by month: the raw series behind the drift plot.</summary>
public sealed record QuestionTimeline(string QuestionId, int Ratings, IReadOnlyList<MonthlyPassRate> Months)
{
    /// <summary>
    /// Per question and calendar month (UTC), the share of ratings at or above <paramref name="passRating"/>.
    /// Raw rates: the model's drift test (early against late half, allowing for who was interviewed
    /// by whom) is what flags a question; the series shows when the change happened.
    /// </summary>
    public static IReadOnlyList<QuestionTimeline> Build(RatingSet ratings, int passRating)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var counts = new Dictionary<(string Question, DateOnly Month), (int Ratings, int Passes)>();
        for (var n = 0; n < ratings.Count; n++)
        {
            var rating = ratings[n];
            var at = rating.RatedAt.UtcDateTime;
            var key = (rating.QuestionId, new DateOnly(at.Year, at.Month, 1));
            var (all, passes) = counts.GetValueOrDefault(key);
            counts[key] = (all + 1, passes + (rating.Value >= passRating ? 1 : 0));
        }

        return [.. counts
            .GroupBy(pair => pair.Key.Question, StringComparer.Ordinal)
            .Select(question => new QuestionTimeline(
                question.Key,
                question.Sum(pair => pair.Value.Ratings),
                [.. question.OrderBy(pair => pair.Key.Month).Select(pair => new MonthlyPassRate(pair.Key.Month, pair.Value.Ratings, pair.Value.Passes / (double)pair.Value.Ratings))]))
            .OrderByDescending(timeline => timeline.Ratings)
            .ThenBy(timeline => timeline.QuestionId, StringComparer.Ordinal)];
    }
}

public sealed record MonthlyPassRate(DateOnly Month, int Ratings, double PassRate);
