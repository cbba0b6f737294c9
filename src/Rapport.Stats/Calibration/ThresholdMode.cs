namespace Rapport.Stats.Calibration;

/// <summary>How the Rasch–Andrich thresholds between rating points are shared.</summary>
public enum ThresholdMode
{
    /// <summary>Each signal has its own thresholds: interviewers may use the scale differently for, say, communication than for code quality.</summary>
    PerSignal,

    /// <summary>One set of thresholds for every signal, which differ only in difficulty: fewer parameters, steadier with little data.</summary>
    Shared,
}
