namespace Rapport.Stats;

/// <summary>The pooled two-proportion z-test.</summary>
/// <param name="Z">(p₁ − p₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂)); negative when the first proportion is lower.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Difference">p₁ − p₂.</param>
/// <param name="PooledProportion">p̄: both groups' successes over both groups' sizes.</param>
public sealed record TwoProportionZTestResult(double Z, double PValue, double Difference, double PooledProportion);
