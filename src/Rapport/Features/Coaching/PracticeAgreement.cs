using System.Globalization;
using Rapport.Features.Scorecards;

namespace Rapport.Features.Coaching;

/// <summary>One signal a shadow and the panel both rated: the shadow's level, the median of the panel's, and how far apart.</summary>
public sealed record PracticeSignal(string QuestionId, string Signal, int Yours, double PanelMedian, double Offset);

/// <summary>
/// How a shadow's practice scorecard compares with the scorecards that count, on the same
/// interview: signal by signal, the share within one level of the panel's median, and the mean
/// offset (positive: the shadow rates higher). Practice, never a grade (docs/coaching.md, "Shadowing").
/// </summary>
public sealed record PracticeAgreement(IReadOnlyList<PracticeSignal> Signals, int PanelScorecards, double? WithinOneLevel, double? MeanOffset, string Says)
{
    /// <summary>Compares <paramref name="practice"/> with <paramref name="panel"/> (the latest revision of each counting scorecard).</summary>
    public static PracticeAgreement Compute(ScorecardContent practice, IReadOnlyList<ScorecardContent> panel)
    {
        if (panel.Count == 0)
        {
            return new([], 0, null, null, "The panel's scorecards are not in yet; the comparison appears once they are.");
        }

        var signals = new List<PracticeSignal>();
        foreach (var rating in practice.Ratings ?? [])
        {
            if (rating is not { Question: { } question, Signal: { } signal, Level: { } yours })
            {
                continue;
            }

            var theirs = panel.SelectMany(p => p.Ratings ?? []).Where(r => r.Question == question && r.Signal == signal && r.Level is not null).Select(r => (double)r.Level!.Value).ToList();
            if (theirs.Count > 0)
            {
                var median = Median(theirs);
                signals.Add(new PracticeSignal(question, signal, yours, median, yours - median));
            }
        }

        if (signals.Count == 0)
        {
            return new([], panel.Count, null, null, "You and the panel rated no signal in common, so there is nothing to compare.");
        }

        var within = signals.Count(s => Math.Abs(s.Offset) <= 1) / (double)signals.Count;
        var mean = signals.Average(s => s.Offset);
        var direction = Math.Abs(mean) < 0.25 ? "in line with the panel's"
            : string.Create(CultureInfo.InvariantCulture, $"about {Math.Abs(mean):0.#} of a level {(mean > 0 ? "above" : "below")} the panel's");
        var says = $"On {signals.Count} signal{(signals.Count == 1 ? "" : "s")} you and the panel both rated, you were within one level of the panel's median on {signals.Count(s => Math.Abs(s.Offset) <= 1)}; your levels ran {direction}.";
        return new(signals, panel.Count, within, mean, says);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
