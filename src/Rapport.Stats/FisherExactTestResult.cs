namespace Rapport.Stats;

/// <summary>Fisher's exact test on a 2 × 2 table, conditional on its margins.</summary>
/// <param name="PValue">Two-sided: the probability of all tables no more likely than the observed one.</param>
/// <param name="PValueLess">One-sided: P(A ≤ observed), evidence that row 1 has the lower odds.</param>
/// <param name="PValueGreater">One-sided: P(A ≥ observed), evidence that row 1 has the higher odds.</param>
public sealed record FisherExactTestResult(double PValue, double PValueLess, double PValueGreater);
