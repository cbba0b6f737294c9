using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// Draws ratings from the rater model with known truth, for tests and the benchmark. All
/// randomness comes from the <see cref="Random"/> passed in, so a seed reproduces the data.
/// Interviewers are assigned at random (a candidate's interviewers are distinct when the pool
/// allows), questions at random; erratic and biased interviewers are the first few of the pool.
/// </summary>
public static class RatingSimulator
{
    public static SimulatedRatings Simulate(SimulationDesign design, Random random)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(random);
        Check(design);

        var categories = design.CategoryCount;
        var steps = categories - 1;
        var signals = design.Signals.Count;
        var ability = Draw(random, design.Candidates, design.AbilitySd);
        var severity = Draw(random, design.Interviewers, design.SeveritySd);
        if (design.BiasedSeverity is { } biasedSeverity)
        {
            for (var j = design.ErraticInterviewers; j < Math.Min(design.Interviewers, design.ErraticInterviewers + design.BiasedInterviewers); j++)
            {
                severity[j] = biasedSeverity;
            }
        }
        var difficulty = Draw(random, design.Questions, design.DifficultySd);
        var thresholds = new double[signals * steps];
        for (var s = 0; s < signals; s++)
        {
            var signalDifficulty = 0.3 * Normal(random);
            for (var h = 0; h < steps; h++)
            {
                var spaced = steps == 1 ? 0 : -1.5 + (3.0 * h / (steps - 1));
                thresholds[(s * steps) + h] = signalDifficulty + spaced + (0.2 * Normal(random));
            }
        }

        var disfavoured = new bool[design.Candidates];
        for (var c = 0; c < design.Candidates; c++)
        {
            disfavoured[c] = random.NextDouble() < design.DisfavouredShare;
        }

        var curves = new SignalCurves(signals, categories);
        curves.Update(thresholds);
        var count = checked((int)design.RatingCount);
        var columns = new RatingColumns(new int[count], new int[count], new int[count], new int[count], new byte[count], new byte[count], new long[count], null);
        var poolSize = design.Interviewers / design.DisconnectedPools;
        Span<double> p = stackalloc double[categories];
        var chosen = new List<int>();
        var n = 0;
        for (var c = 0; c < design.Candidates; c++)
        {
            var pool = c % design.DisconnectedPools;
            var day = design.Start + (design.Period * random.NextDouble());
            chosen.Clear();
            for (var k = 0; k < design.InterviewsPerCandidate; k++)
            {
                var interview = (c * design.InterviewsPerCandidate) + k;
                var interviewer = PickInterviewer(random, pool * poolSize, poolSize, chosen);
                var term = design.InterviewSd * Normal(random);
                var ratedAt = (day + TimeSpan.FromHours(k)).UtcTicks;
                for (var m = 0; m < design.QuestionsPerInterview; m++)
                {
                    var question = random.Next(design.Questions);
                    for (var s = 0; s < signals; s++)
                    {
                        var eta = ability[c] + term - severity[interviewer] - difficulty[question];
                        if (interviewer < design.ErraticInterviewers)
                        {
                            eta += design.ErraticNoiseSd * Normal(random);
                        }
                        else if (interviewer < design.ErraticInterviewers + design.BiasedInterviewers && disfavoured[c])
                        {
                            eta -= design.Bias;
                        }

                        curves.Fill(s, eta, p);
                        columns.Candidate[n] = c;
                        columns.Interview[n] = interview;
                        columns.Interviewer[n] = interviewer;
                        columns.Question[n] = question;
                        columns.Signal[n] = (byte)s;
                        columns.Category[n] = (byte)Sample(random, p);
                        columns.RatedAtTicks[n] = ratedAt;
                        n++;
                    }
                }
            }
        }

        var ratings = RatingSet.FromColumns(
            RatingScale.WholePoints(1, categories),
            Names("c", design.Candidates),
            Names("j", design.Interviewers),
            Names("q", design.Questions),
            Names("i", design.Candidates * design.InterviewsPerCandidate),
            [.. design.Signals],
            columns);
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < design.Candidates; c++)
        {
            groups[ratings.CandidateIds[c]] = disfavoured[c] ? design.DisfavouredGroup : design.FavouredGroup;
        }

        var truth = new SimulationTruth(
            ability,
            severity,
            difficulty,
            [.. Enumerable.Range(0, signals).Select(s => (IReadOnlyList<double>)thresholds[(s * steps)..((s + 1) * steps)])],
            [.. Enumerable.Range(0, design.ErraticInterviewers).Select(j => ratings.InterviewerIds[j])],
            [.. Enumerable.Range(design.ErraticInterviewers, design.BiasedInterviewers).Select(j => ratings.InterviewerIds[j])]);
        return new SimulatedRatings(ratings, new CandidateGroups(groups), truth);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static void Check(SimulationDesign design)
    {
        if (design.Candidates < 1 || design.InterviewsPerCandidate < 1 || design.QuestionsPerInterview < 1 || design.Interviewers < 1 || design.Questions < 1 || design.Signals.Count < 1)
        {
            throw new ArgumentException("A simulated design needs at least one candidate, interview, question per interview, interviewer, question and signal.", nameof(design));
        }

        if (design.CategoryCount is < 2 or > 10 || design.Signals.Count > 256)
        {
            throw new ArgumentException("A simulated design needs 2 to 10 rating points and at most 256 signals.", nameof(design));
        }

        if (design.DisconnectedPools < 1 || design.Interviewers / design.DisconnectedPools < 1)
        {
            throw new ArgumentException("Every pool of interviewers needs at least one interviewer.", nameof(design));
        }

        if (design.RatingCount > int.MaxValue)
        {
            throw new ArgumentException($"The design has {design.RatingCount} ratings; at most {int.MaxValue} fit in one rating set.", nameof(design));
        }
    }

    private static int PickInterviewer(Random random, int first, int poolSize, List<int> chosen)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var interviewer = first + random.Next(poolSize);
            if (!chosen.Contains(interviewer) || chosen.Count >= poolSize)
            {
                chosen.Add(interviewer);
                return interviewer;
            }
        }

        return first + random.Next(poolSize);
    }

    private static double[] Draw(Random random, int count, double sd)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = sd * Normal(random);
        }

        return values;
    }

    private static int Sample(Random random, ReadOnlySpan<double> p)
    {
        var u = random.NextDouble();
        for (var k = 0; k < p.Length - 1; k++)
        {
            u -= p[k];
            if (u < 0)
            {
                return k;
            }
        }

        return p.Length - 1;
    }

    private static string[] Names(string prefix, int count)
    {
        var names = new string[count];
        var width = Math.Max(1, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < count; i++)
        {
            names[i] = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
        }

        return names;
    }
}
