using System.Text.Json;
using Rapport.Features.Insights;
using Rapport.Stats;
using Rapport.Stats.Ratings;

namespace Rapport.Tests.Insights;

/// <summary>
/// <see cref="CalibrationSettings.AfterEachFit"/>, where <c>rapport calibrate</c> gives memory back:
/// it runs once after each model, when that model is done and before the next one starts, and what
/// it does changes nothing in the report.
/// </summary>
public sealed class CalibrationStepsTests
{
    [Fact]
    public void AfterEachFit_RunsOnceAfterTheRaterModel_AndOnceAfterTheCrossCheck_BeforeTheReports()
    {
        var ratings = RatingsCsv.Read(new StringReader(RatingsFiles.FourFifthsExample())).Ratings!;
        var steps = new List<string>();
        var progress = new Recorder(phase =>
        {
            if (steps.Count == 0 || steps[^1] != phase.ToString())
            {
                steps.Add(phase.ToString());
            }
        });

        Calibration.Run(ratings, groups: null, new CalibrationSettings(3, 1, progress) { AfterEachFit = () => steps.Add("after fit") });

        Assert.Equal(
            [nameof(CalibrationPhase.RaterModel), "after fit", nameof(CalibrationPhase.CrossCheck), "after fit", nameof(CalibrationPhase.Reports)],
            steps);
    }

    [Fact]
    public void ReturningMemoryBetweenTheFits_GivesTheSameReport()
    {
        var ratings = RatingsCsv.Read(new StringReader(RatingsFiles.FourFifthsExample())).Ratings!;

        var plain = Calibration.Run(ratings, groups: null, new CalibrationSettings(3, 2));
        var returned = Calibration.Run(ratings, groups: null, new CalibrationSettings(3, 2) { AfterEachFit = Calibration.ReturnMemory });

        Assert.Equal(JsonSerializer.Serialize(plain, ReportJson.Options), JsonSerializer.Serialize(returned, ReportJson.Options));
    }

    /// <summary>Reports on the calling thread, in order (<see cref="Progress{T}"/> would post them elsewhere).</summary>
    private sealed class Recorder(Action<CalibrationPhase> onPhase) : IProgress<CalibrationProgress>
    {
        public void Report(CalibrationProgress value) => onPhase(value.Phase);
    }
}
