namespace Rapport.Stats;

/// <summary>The parts of a calibration that take long on large files, in the order they run.</summary>
public enum CalibrationPhase
{
    /// <summary>Reading the ratings file; <see cref="CalibrationProgress.Done"/> counts bytes.</summary>
    Reading,

    /// <summary>Fitting the rater model; counts sweeps (how many it takes is known only at the end).</summary>
    RaterModel,

    /// <summary>Fitting the cross-check model; counts iterations.</summary>
    CrossCheck,

    /// <summary>Building the reports from the fits.</summary>
    Reports,
}

/// <summary>How far a calibration has got: <paramref name="Done"/> of <paramref name="Total"/> (0 when not known ahead).</summary>
public readonly record struct CalibrationProgress(CalibrationPhase Phase, long Done, long Total = 0);
