using Rapport.Infrastructure;

namespace Rapport.Features.Feedback;

/// <summary>Feedback letters to candidates (section <c>Feedback</c>).</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>
    /// When false, letters are drafted and approved in Rapport but never emailed or shown to the
    /// candidate: for an organisation that sends feedback through its own channel.
    /// </summary>
    public bool SendToCandidates { get; set; } = true;

    /// <summary>How long the candidate's link keeps opening their page (and the letter on it) after it is sent, or after they ask for the link again.</summary>
    public TimeSpan LetterLinkLifetime { get; set; } = TimeSpan.FromDays(90);

    public FeedbackOptions Validated() => LetterLinkLifetime >= TimeSpan.FromDays(1) && LetterLinkLifetime <= TimeSpan.FromDays(365)
        ? this
        : throw new InvalidSettingException($"{Section}:LetterLinkLifetime", $"{LetterLinkLifetime} is out of range; use a duration from 1 to 365 days, such as 90.00:00:00.");
}
