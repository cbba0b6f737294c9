namespace Rapport.Features.Mail;

/// <summary>One outgoing message as coordinators see it: never its body.</summary>
public sealed record OutboxMessageResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    string To,
    string Subject,
    string Cause,
    Guid? InterviewId,
    string State,
    int Attempts,
    string? LastAnswer,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt)
{
    /// <summary>The state in words, as the pages show it.</summary>
    public string Status => State switch
    {
        "held" => "not sent: no mail server configured",
        "pending" => "waiting to be sent",
        "sending" => "being sent",
        _ => State,
    };

    public static string StateName(OutboxState state) => state.ToString().ToLowerInvariant();
}
