namespace Rapport.Stats.Calibration;

/// <summary>
/// The shape of a simulated hiring process and the truth it is drawn from. Ratings come to
/// Candidates × InterviewsPerCandidate × QuestionsPerInterview × Signals.Count.
/// </summary>
public sealed record SimulationDesign
{
    public int Candidates { get; init; } = 1000;

    public int InterviewsPerCandidate { get; init; } = 4;

    public int QuestionsPerInterview { get; init; } = 1;

    public int Interviewers { get; init; } = 100;

    public int Questions { get; init; } = 50;

    public IReadOnlyList<string> Signals { get; init; } = ["problem_solving", "coding", "communication", "ml_fundamentals", "collaboration"];

    public int CategoryCount { get; init; } = 4;

    public double AbilitySd { get; init; } = 1;

    public double SeveritySd { get; init; } = 0.5;

    public double DifficultySd { get; init; } = 0.5;

    public double InterviewSd { get; init; } = 0.3;

    /// <summary>Interviewers whose every rating carries extra noise of <see cref="ErraticNoiseSd"/> logits.</summary>
    public int ErraticInterviewers { get; init; }

    public double ErraticNoiseSd { get; init; } = 2;

    /// <summary>Interviewers who rate candidates of <see cref="DisfavouredGroup"/> <see cref="Bias"/> logits lower.</summary>
    public int BiasedInterviewers { get; init; }

    public double Bias { get; init; } = 1;

    /// <summary>When set, the biased interviewers' severity in logits instead of a draw (for example a harsh interviewer, whose penalty falls where the scale is compressed).</summary>
    public double? BiasedSeverity { get; init; }

    public string FavouredGroup { get; init; } = "group A";

    public string DisfavouredGroup { get; init; } = "group B";

    /// <summary>The share of candidates in the disfavoured group.</summary>
    public double DisfavouredShare { get; init; } = 0.3;

    /// <summary>
    /// Interviewers split into this many pools that never share a candidate (1: one connected
    /// design); the pools still share questions.
    /// </summary>
    public int DisconnectedPools { get; init; } = 1;

    public DateTimeOffset Start { get; init; } = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public TimeSpan Period { get; init; } = TimeSpan.FromDays(365);

    public long RatingCount => (long)Candidates * InterviewsPerCandidate * QuestionsPerInterview * Signals.Count;
}
