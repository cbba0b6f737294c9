namespace Rapport.Stats;

/// <summary>
/// The six intraclass correlations of Shrout and Fleiss (1979), with the mean squares they come
/// from. "Single" is the reliability of one rater's score; "Average" of the mean of all raters.
/// </summary>
/// <param name="Icc1Single">ICC(1,1): each unit rated by a different random set of raters (one-way random).</param>
/// <param name="Icc2Single">ICC(2,1): the same random sample of raters rates every unit; rater severity counts as error.</param>
/// <param name="Icc3Single">ICC(3,1): the same fixed raters rate every unit; only consistency counts (two-way mixed).</param>
/// <param name="Icc1Average">ICC(1,k): reliability of the mean of k ratings under the one-way model.</param>
/// <param name="Icc2Average">ICC(2,k): reliability of the mean of the k random raters.</param>
/// <param name="Icc3Average">ICC(3,k): reliability of the mean of the k fixed raters.</param>
/// <param name="BetweenUnitsMeanSquare">BMS: variation between the units' mean ratings.</param>
/// <param name="WithinUnitsMeanSquare">WMS: variation of the ratings around their unit's mean.</param>
/// <param name="BetweenRatersMeanSquare">JMS: variation between the raters' mean ratings (severity).</param>
/// <param name="ResidualMeanSquare">EMS: what is left after units and raters.</param>
/// <param name="Units">n, the units rated.</param>
/// <param name="Raters">k, the raters, each of whom rated every unit.</param>
public sealed record IntraclassCorrelationResult(
    double Icc1Single,
    double Icc2Single,
    double Icc3Single,
    double Icc1Average,
    double Icc2Average,
    double Icc3Average,
    double BetweenUnitsMeanSquare,
    double WithinUnitsMeanSquare,
    double BetweenRatersMeanSquare,
    double ResidualMeanSquare,
    int Units,
    int Raters);
