using Rapport.Infrastructure;

namespace Rapport.Features.Coaching;

/// <summary>Coaching settings (section <c>Coaching</c>): what the team agreed, which the report card measures against.</summary>
public sealed class CoachingOptions
{
    public const string Section = "Coaching";

    public const int MaxScorecardDueHours = 24 * 30;

    /// <summary>Hours after an interview's end within which its scorecards are due.</summary>
    public int ScorecardDueHours { get; set; } = (int)CoachingThresholds.ScorecardDueByDefault.TotalHours;

    public TimeSpan ScorecardDue => TimeSpan.FromHours(ScorecardDueHours);

    public CoachingOptions Validated() => ScorecardDueHours is >= 1 and <= MaxScorecardDueHours
        ? this
        : throw new InvalidSettingException($"{Section}:ScorecardDueHours", $"'{ScorecardDueHours}' is not a number of hours from 1 to {MaxScorecardDueHours}; the default is {(int)CoachingThresholds.ScorecardDueByDefault.TotalHours}.");
}
