namespace Rapport.Stats;

/// <summary>The Cochran–Mantel–Haenszel test and the Mantel–Haenszel common odds ratio across strata.</summary>
/// <param name="ChiSquare">(|Σ A − Σ E(A)| − correction)² / Σ Var(A), chi-square with 1 degree of freedom.</param>
/// <param name="PValue">Upper tail of the chi-square with 1 degree of freedom.</param>
/// <param name="ContinuityCorrected">Whether ½ was subtracted from |Σ A − Σ E(A)| (only when that is at least ½, as R does).</param>
/// <param name="CommonOddsRatio">Σ(AD/n) / Σ(BC/n); null when no stratum has B·C &gt; 0, which makes it infinite.</param>
/// <param name="OddsRatioLower">Lower limit of the confidence interval from the Robins–Breslow–Greenland variance; null when the odds ratio is 0 or infinite.</param>
/// <param name="OddsRatioUpper">Upper limit of that interval; null when the odds ratio is 0 or infinite.</param>
/// <param name="ConfidenceLevel">The level of the interval, such as 0.95.</param>
/// <param name="Strata">The strata pooled.</param>
public sealed record CochranMantelHaenszelResult(
    double ChiSquare,
    double PValue,
    bool ContinuityCorrected,
    double? CommonOddsRatio,
    double? OddsRatioLower,
    double? OddsRatioUpper,
    double ConfidenceLevel,
    int Strata);
