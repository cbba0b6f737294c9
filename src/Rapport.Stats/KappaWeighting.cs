namespace Rapport.Stats;

/// <summary>How much partial credit weighted kappa gives to near-misses on an ordered scale.</summary>
public enum KappaWeighting
{
    /// <summary>Cicchetti–Allison weights 1 − |i − j| / (k − 1): credit falls off evenly with distance.</summary>
    Linear,

    /// <summary>Fleiss–Cohen weights 1 − (i − j)² / (k − 1)²: near-misses cost little, far misses a lot.</summary>
    Quadratic,
}
