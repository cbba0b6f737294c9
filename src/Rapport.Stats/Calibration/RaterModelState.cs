namespace Rapport.Stats.Calibration;

/// <summary>
/// Every parameter of the rater model, mutable during estimation. Logits: the rating of a
/// signal rises with ability and the interview term, and falls with severity, question
/// difficulty and the signal's thresholds.
/// </summary>
internal sealed class RaterModelState
{
    /// <summary>The smallest variance a facet may have: below it the facet has no detectable spread.</summary>
    public const double VarianceFloor = 1e-4;

    /// <summary>Precision of the weak normal prior on threshold steps (SD 5 logits), which keeps an unused rating point finite.</summary>
    public const double StepPrecision = 1.0 / 25;

    public RaterModelState(int candidates, int interviews, int interviewers, int questions, int signals, int categories)
    {
        Ability = new double[candidates];
        AbilityVariance = new double[candidates];
        InterviewTerm = new double[interviews];
        InterviewTermVariance = new double[interviews];
        LogitVariance = new double[interviews];
        Severity = new double[interviewers];
        SeverityVariance = new double[interviewers];
        InterviewerWeight = new double[interviewers];
        Array.Fill(InterviewerWeight, 1.0);
        Difficulty = new double[questions];
        DifficultyVariance = new double[questions];
        Thresholds = new double[signals * (categories - 1)];
        Curves = new SignalCurves(signals, categories);
    }

    public double[] Ability { get; }

    public double[] AbilityVariance { get; }

    public double[] InterviewTerm { get; }

    public double[] InterviewTermVariance { get; }

    /// <summary>Per interview, the posterior variance of ability + interview term: how uncertain the candidate's side of the logit is.</summary>
    public double[] LogitVariance { get; }

    public double[] Severity { get; }

    public double[] SeverityVariance { get; }

    /// <summary>
    /// How much each of an interviewer's ratings counts: 1 over the dispersion of their ratings
    /// (quasi-likelihood), below 1 only for interviewers whose ratings are noisier than the model
    /// allows. Scales both the evidence and the information, so estimates lean less on them and
    /// the standard errors of the candidates they rated widen accordingly.
    /// </summary>
    public double[] InterviewerWeight { get; }

    public double[] Difficulty { get; }

    public double[] DifficultyVariance { get; }

    /// <summary>t[s·(K−1) + h − 1]: the logit at which categories h − 1 and h of signal s are equally likely.</summary>
    public double[] Thresholds { get; }

    /// <summary>The sampling variance of each signal's difficulty (the mean of its thresholds).</summary>
    public double[] SignalDifficultyVariance { get; set; } = [];

    public SignalCurves Curves { get; }

    public double AbilityPopulationVariance { get; set; } = 1;

    public double InterviewPopulationVariance { get; set; } = 0.25;

    public double SeverityPopulationVariance { get; set; } = 0.25;

    public double DifficultyPopulationVariance { get; set; } = 0.25;

    public int Categories => Curves.Categories;

    public double SignalDifficulty(int signal)
    {
        var steps = Categories - 1;
        double sum = 0;
        for (var h = 0; h < steps; h++)
        {
            sum += Thresholds[(signal * steps) + h];
        }

        return sum / steps;
    }
}
