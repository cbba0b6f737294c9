using System.Globalization;
using Rapport.Stats.Calibration;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Bench;

/// <summary>Writes the simulated ratings (in the documented CSV format) and the truth, for lme4.</summary>
internal static class BenchExport
{
    public static void Write(string directory, SimulatedRatings simulation)
    {
        Directory.CreateDirectory(directory);
        var ratings = simulation.Ratings;
        using (var writer = new StreamWriter(Path.Combine(directory, "ratings.csv")))
        {
            writer.WriteLine($"{RatingsCsv.InterviewId},{RatingsCsv.CandidateId},{RatingsCsv.InterviewerId},{RatingsCsv.QuestionId},{RatingsCsv.Signal},{RatingsCsv.RatingColumn},{RatingsCsv.RatedAt}");
            for (var n = 0; n < ratings.Count; n++)
            {
                var r = ratings[n];
                writer.WriteLine($"{r.InterviewId},{r.CandidateId},{r.InterviewerId},{r.QuestionId},{r.Signal},{r.Value},{r.RatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
            }
        }

        Write(Path.Combine(directory, "truth-candidates.csv"), "candidate_id,ability", ratings.CandidateIds, simulation.Truth.Ability);
        Write(Path.Combine(directory, "truth-interviewers.csv"), "interviewer_id,severity", ratings.InterviewerIds, simulation.Truth.Severity);
        Write(Path.Combine(directory, "truth-questions.csv"), "question_id,difficulty", ratings.QuestionIds, simulation.Truth.Difficulty);
    }

    private static void Write(string path, string header, IReadOnlyList<string> ids, IReadOnlyList<double> values)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(header);
        for (var i = 0; i < ids.Count; i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ids[i]},{values[i]:R}"));
        }
    }
}
