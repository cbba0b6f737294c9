namespace Rapport.Stats;

/// <summary>Fleiss' kappa with the agreement it is built from.</summary>
/// <param name="Kappa">(P̄ − P̄e) / (1 − P̄e).</param>
/// <param name="ObservedAgreement">P̄: the mean share of agreeing rater pairs per subject.</param>
/// <param name="ExpectedAgreement">P̄e: the agreement expected from the pooled category shares.</param>
/// <param name="Subjects">Subjects rated.</param>
/// <param name="RatersPerSubject">Ratings per subject, the same for every subject.</param>
public sealed record FleissKappaResult(
    double Kappa,
    double ObservedAgreement,
    double ExpectedAgreement,
    int Subjects,
    int RatersPerSubject);
