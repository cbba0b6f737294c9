namespace Rapport.Stats.Calibration;

/// <summary>
/// The posterior mode of one candidate's ability and interview terms with everything else
/// fixed: the same joint Newton step the fit uses for a candidate, iterated to convergence.
/// </summary>
internal static class CandidateScoring
{
    /// <param name="state">The fitted parameters.</param>
    /// <param name="interviews">Per interview, each rating's fixed offset (−severity − difficulty), signal, category and weight (its interviewer's).</param>
    /// <returns>The ability and its posterior variance.</returns>
    public static (double Ability, double Variance) Score(RaterModelState state, IReadOnlyList<List<(double Offset, int Signal, int Category, double Weight)>> interviews)
    {
        var abilityPrecision = 1 / state.AbilityPopulationVariance;
        var hasTerm = state.InterviewPopulationVariance > 0;
        var termPrecision = hasTerm ? 1 / state.InterviewPopulationVariance : 0;
        var terms = new double[interviews.Count];
        var gradient = new double[interviews.Count];
        var information = new double[interviews.Count];
        Span<double> p = stackalloc double[state.Categories];
        double ability = 0;
        double schur = abilityPrecision;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            for (var k = 0; k < interviews.Count; k++)
            {
                double g = 0, h = 0;
                foreach (var (offset, signal, category, weight) in interviews[k])
                {
                    state.Curves.Fill(signal, ability + terms[k] + offset, p);
                    var (expected, variance) = SignalCurves.Moments(p);
                    g += weight * (category - expected);
                    h += weight * variance;
                }

                gradient[k] = g;
                information[k] = h;
            }

            var abilityGradient = -abilityPrecision * ability;
            schur = abilityPrecision;
            for (var k = 0; k < interviews.Count; k++)
            {
                abilityGradient += gradient[k];
                schur += information[k];
                if (hasTerm)
                {
                    var d = information[k] + termPrecision;
                    schur -= information[k] * information[k] / d;
                    abilityGradient -= information[k] * (gradient[k] - (termPrecision * terms[k])) / d;
                }
            }

            var step = abilityGradient / schur;
            var biggest = Math.Abs(step);
            var termSteps = new double[interviews.Count];
            for (var k = 0; k < interviews.Count && hasTerm; k++)
            {
                var d = information[k] + termPrecision;
                termSteps[k] = (gradient[k] - (termPrecision * terms[k]) - (information[k] * step)) / d;
                biggest = Math.Max(biggest, Math.Abs(termSteps[k]));
            }

            var scale = biggest > 1 ? 1 / biggest : 1;
            ability += scale * step;
            for (var k = 0; k < interviews.Count; k++)
            {
                terms[k] += scale * termSteps[k];
            }

            if (scale * biggest < 1e-10)
            {
                break;
            }
        }

        return (ability, 1 / schur);
    }
}
