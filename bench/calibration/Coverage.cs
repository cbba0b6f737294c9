using System.Globalization;
using Rapport.Stats.Calibration;

namespace Rapport.Stats.Bench;

/// <summary>
/// How often the "95 %" interval of a candidate's ability holds the simulated truth, overall and
/// for candidates one or more of whose interviewers were erratic, seed by seed. The model fixes its
/// own origin, so estimates are shifted by the difference of means first (as for the RMSE).
/// </summary>
internal static class Coverage
{
    /// <summary>The design: 5 % erratic and 3 % biased interviewers.</summary>
    public static SimulationDesign Design(int candidates) => new()
    {
        Candidates = candidates,
        Interviewers = 100,
        Questions = 50,
        ErraticInterviewers = 5,
        BiasedInterviewers = 3,
    };

    public static void Run(int candidates, int seeds, int threads)
    {
        foreach (var weigh in new[] { false, true })
        {
            Run(candidates, seeds, threads, weigh);
        }
    }

    private static void Run(int candidates, int seeds, int threads, bool weigh)
    {
        var design = Design(candidates);
        Console.WriteLine(Invariant($"coverage of the 95 % interval: {candidates:N0} candidates × 4 interviews × 5 signals ({design.RatingCount:N0} ratings), 100 interviewers (5 erratic, 3 biased), 50 questions; seeds 1–{seeds}; erratic interviewers weighed: {weigh}"));
        Console.WriteLine("seed | overall | no erratic interviewer | with one or more | one | two or more | candidate r | flagged rows (with erratic / all flagged)");
        var rows = new List<double[]>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var simulation = RatingSimulator.Simulate(design, new Random(seed));
            var fit = RaterModel.Fit(simulation.Ratings, new RaterModelOptions { Threads = threads, WeighErraticInterviewers = weigh });
            var erratic = simulation.Truth.ErraticInterviewers.ToHashSet(StringComparer.Ordinal);
            var ratings = simulation.Ratings;
            // Interviews (not ratings) by an erratic interviewer, per candidate.
            var index = ratings.CandidateIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
            var erraticInterviews = new int[ratings.CandidateIds.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var n = 0; n < ratings.Count; n++)
            {
                var rating = ratings[n];
                if (erratic.Contains(rating.InterviewerId) && seen.Add(rating.InterviewId))
                {
                    erraticInterviews[index[rating.CandidateId]]++;
                }
            }

            var shift = fit.Candidates.Average(c => c.Ability) - simulation.Truth.Ability.Average();
            var inside = fit.Candidates.Select((c, i) => Math.Abs(c.Ability - shift - simulation.Truth.Ability[i]) <= 1.96 * c.StandardError).ToList();
            double Share(Func<int, bool> which)
            {
                var chosen = Enumerable.Range(0, inside.Count).Where(which).ToList();
                return chosen.Count == 0 ? double.NaN : chosen.Count(i => inside[i]) / (double)chosen.Count;
            }

            var flagged = Enumerable.Range(0, inside.Count).Where(i => fit.Candidates[i].ErraticEvidence).ToList();
            var row = new[]
            {
                Share(_ => true),
                Share(i => erraticInterviews[i] == 0),
                Share(i => erraticInterviews[i] >= 1),
                Share(i => erraticInterviews[i] == 1),
                Share(i => erraticInterviews[i] >= 2),
                Recovery.Pearson([.. fit.Candidates.Select(c => c.Ability)], simulation.Truth.Ability),
            };
            rows.Add(row);
            Console.WriteLine(Invariant($"{seed} | {row[0]:P1} | {row[1]:P1} | {row[2]:P1} | {row[3]:P1} | {row[4]:P1} | {row[5]:F4} | {flagged.Count(i => erraticInterviews[i] > 0)} / {flagged.Count} (candidates with an erratic interviewer: {erraticInterviews.Count(e => e > 0)})"));
        }

        var medians = Enumerable.Range(0, 6).Select(k => Median([.. rows.Select(r => r[k]).Where(double.IsFinite)])).ToList();
        Console.WriteLine(Invariant($"median | {medians[0]:P1} | {medians[1]:P1} | {medians[2]:P1} | {medians[3]:P1} | {medians[4]:P1} | {medians[5]:F4}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
