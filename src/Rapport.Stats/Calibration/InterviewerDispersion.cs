namespace Rapport.Stats.Calibration;

/// <summary>
/// How much an interviewer's ratings count when they are noisier than the model allows. Noise in
/// an interviewer's judgement does two things: it spreads their ratings (variance φ times what the
/// model expects, φ estimated by their infit mean-square) and it flattens how their ratings follow
/// ability (slope a &lt; 1). The information about a candidate in one such rating is
/// (a·V)² / (φ·V) = (a²/φ)·V, where V is what the model counts. On the simulator, with 1, 2 and 3
/// logits of noise, a² (from the logistic–normal approximation, 1 / (1 + 3s²/π²)) came out at
/// about 1/φ² (0.77 against 0.72, 0.45 against 0.39, 0.27 against 0.27), so each rating counts at
/// weight 1/φ³, in every estimate and every standard error. Without it, erratic ratings count as
/// fully informative and the "95 %" intervals of the candidates they rated cover the truth far
/// less often than claimed (bench/README.md, Calibration: interval coverage).
/// </summary>
internal static class InterviewerDispersion
{
    /// <summary>Infit z from which overdispersion is taken as real rather than chance.</summary>
    public const double WeighFromZ = 2;

    /// <summary>An interviewer whose ratings are erratic: the report's consistency finding at its default settings.</summary>
    public const double ErraticInfit = 1.3;

    public const double ErraticZ = 3;

    /// <summary>A candidate's row is marked when erratic interviewers gave at least this share of their ratings.</summary>
    public const double MarkedShare = 0.2;

    /// <summary>1 / φ³ for an interviewer whose ratings are significantly overdispersed, else 1.</summary>
    public static double Weight(FitStatistic fit) =>
        fit.Infit > 1 && fit.InfitZ >= WeighFromZ ? 1 / Math.Pow(fit.Infit, 3) : 1;

    public static bool IsErratic(FitStatistic fit) => fit.Infit >= ErraticInfit && fit.InfitZ >= ErraticZ;
}
