using System.Globalization;
using System.Text;
using Rapport.Stats.Calibration;

namespace Rapport.Tests.Insights;

/// <summary>Ratings CSV files for the tests, each built from a published example or a simple rule the test states.</summary>
public static class RatingsFiles
{
    public const string Header = "interview_id,candidate_id,interviewer_id,question_id,signal,rating,rated_at,candidate_group";

    /// <summary>
    /// Krippendorff's canonical reliability data (Krippendorff 2011, "Computing Krippendorff's
    /// Alpha-Reliability", section C): 4 coders × 12 units, '.' missing. Published alphas:
    /// nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797. Each unit is one signal of one
    /// interview; the coders are interviewers.
    /// </summary>
    public static string Krippendorff()
    {
        string[] coders =
        [
            "A 1 2 3 3 2 1 4 1 2 . . .",
            "B 1 2 3 3 2 2 4 1 2 5 . 3",
            "C . 3 3 3 2 3 4 2 2 5 1 .",
            "D 1 2 3 3 2 4 4 1 2 5 1 .",
        ];
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var line in coders)
        {
            var values = line.Split(' ');
            for (var unit = 1; unit < values.Length; unit++)
            {
                if (values[unit] != ".")
                {
                    csv.Append(CultureInfo.InvariantCulture, $"int-{unit},c-{unit},{values[0]},design,problem_solving,{values[unit]},2025-03-{unit:00}T10:00:00Z,\n");
                }
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// The EEOC's example of the four-fifths rule (Uniform Guidelines, Questions and Answers, Q12):
    /// 48 of 80 applicants of one group selected (60 %) against 12 of 40 of another (30 %), impact
    /// ratio 0.50. Selected candidates get only 3s and 4s, the others only 1s and 2s, so "raw
    /// average at or above the bar of 3" selects exactly them. Two more candidates of a third
    /// group are too few to be shown.
    /// </summary>
    public static string FourFifthsExample()
    {
        var csv = new StringBuilder(Header).Append('\n');
        string[] interviewers = ["ana", "ben", "cy", "dee", "eli", "fay"];
        string[] questions = ["two-sum", "lru-cache", "design-feed"];
        var start = new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);
        for (var c = 0; c < 122; c++)
        {
            var (group, selected) = c switch
            {
                < 80 => ("group A", c < 48),
                < 120 => ("group B", c - 80 < 12),
                _ => ("group C", true),
            };
            for (var i = 0; i < 2; i++)
            {
                var interview = $"int-{c}-{i}";
                // Chained so that every candidate, interviewer and question is linked to every other.
                var interviewer = interviewers[(c + i) % interviewers.Length];
                var question = questions[(c + (2 * i)) % questions.Length];
                var at = start.AddHours((c * 7) + i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                int[] values = selected ? [3 + ((c + i) % 2), 3 + (c % 2)] : [2 - ((c + i) % 2), 1 + (c % 2)];
                csv.Append(CultureInfo.InvariantCulture, $"{interview},cand-{c},{interviewer},{question},problem_solving,{values[0]},{at},{group}\n");
                csv.Append(CultureInfo.InvariantCulture, $"{interview},cand-{c},{interviewer},{question},communication,{values[1]},{at},{group}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>Ratings drawn from the rater model with known truth, written as a CSV.</summary>
    public static string Simulated(int candidates, int seed = 7, int biasedInterviewers = 0, int erraticInterviewers = 0)
    {
        var simulated = RatingSimulator.Simulate(
            new SimulationDesign { Candidates = candidates, Interviewers = 12, Questions = 8, BiasedInterviewers = biasedInterviewers, ErraticInterviewers = erraticInterviewers },
            new Random(seed));
        var csv = new StringBuilder(Header).Append('\n');
        var ratings = simulated.Ratings;
        for (var n = 0; n < ratings.Count; n++)
        {
            var r = ratings[n];
            csv.Append(CultureInfo.InvariantCulture, $"{r.InterviewId},{r.CandidateId},{r.InterviewerId},{r.QuestionId},{r.Signal},{r.Value},{r.RatedAt:yyyy-MM-ddTHH:mm:ssZ},{simulated.Groups.GroupOf(r.CandidateId)}\n");
        }

        return csv.ToString();
    }
}
