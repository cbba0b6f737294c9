namespace Rapport.Features.Interviews;

/// <summary>
/// The part a panel member plays. Interviewers run the interview and their scorecards decide; a
/// shadow is learning and only watches; a reverse shadow is a trainee who leads while the
/// interviewers watch and may take over. A shadow's and a reverse shadow's scorecards are practice:
/// they count for agreement, never for the decision or the calibration of candidates (docs/coaching.md).
/// </summary>
public enum PanelRole
{
    Interviewer,
    Shadow,
    ReverseShadow,
}

/// <summary>A shadow or reverse shadow asked for when planning or changing a panel. Field names are the API's.</summary>
/// <param name="InterviewerId">The staff account.</param>
/// <param name="Role"><c>shadow</c> or <c>reverse-shadow</c>.</param>
/// <param name="Reason">Why they are there, in a line for the candidate; empty for the default sentence.</param>
public sealed record ShadowRequest(string? InterviewerId, string? Role, string? Reason = null);

/// <summary>One member of a panel as it will be stored.</summary>
public sealed record PanelSeat(string InterviewerId, PanelRole Role, string? Reason);

/// <summary>The panel's roles: their names in the API and their checks, shared by planning and changing a panel.</summary>
public static class PanelRoles
{
    public const int MaxReasonLength = 200;

    public static string Name(PanelRole role) => role switch
    {
        PanelRole.Shadow => "shadow",
        PanelRole.ReverseShadow => "reverse-shadow",
        _ => "interviewer",
    };

    public static PanelRole? Parse(string? name) => name?.Trim() switch
    {
        "interviewer" => PanelRole.Interviewer,
        "shadow" => PanelRole.Shadow,
        "reverse-shadow" => PanelRole.ReverseShadow,
        _ => null,
    };

    /// <summary>
    /// The panel from the interviewers and the shadows asked for, or the first problem with the
    /// field it is about: at least one interviewer, nobody twice, a known role, at most one reverse
    /// shadow (one trainee leads), reasons of one short line, and no more than <paramref name="max"/> people.
    /// </summary>
    public static (List<PanelSeat>? Seats, string? Field, string? Problem) Compose(IReadOnlyList<string>? interviewerIds, IReadOnlyList<ShadowRequest>? shadows, int max)
    {
        var interviewers = (interviewerIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (interviewers.Count == 0 || interviewers.Count > max)
        {
            return (null, "interviewerIds", $"Choose between 1 and {max} interviewers.");
        }

        var seats = interviewers.Select(id => new PanelSeat(id, PanelRole.Interviewer, null)).ToList();
        for (var i = 0; i < (shadows ?? []).Count; i++)
        {
            var shadow = shadows![i];
            var field = $"shadows[{i}]";
            if (shadow is null || string.IsNullOrWhiteSpace(shadow.InterviewerId))
            {
                return (null, $"{field}.interviewerId", "Choose who shadows, from the list of users.");
            }

            var id = shadow.InterviewerId.Trim();
            if (seats.Any(s => s.InterviewerId == id))
            {
                return (null, $"{field}.interviewerId", "This person is already on the panel; each person plays one part.");
            }

            if (Parse(shadow.Role) is not { } role || role == PanelRole.Interviewer)
            {
                return (null, $"{field}.role", "A shadow's role is 'shadow' (watches) or 'reverse-shadow' (a trainee who leads while the interviewers watch).");
            }

            if (role == PanelRole.ReverseShadow && seats.Any(s => s.Role == PanelRole.ReverseShadow))
            {
                return (null, $"{field}.role", "One trainee leads an interview: choose at most one reverse shadow.");
            }

            var reason = string.IsNullOrWhiteSpace(shadow.Reason) ? null : shadow.Reason.Trim();
            if (reason is not null && (reason.Length > MaxReasonLength || reason.Any(char.IsControl)))
            {
                return (null, $"{field}.reason", $"Say why in one line of at most {MaxReasonLength} characters; the candidate reads it.");
            }

            seats.Add(new PanelSeat(id, role, reason));
        }

        return seats.Count > max
            ? (null, "shadows", $"A panel has at most {max} people, shadows included.")
            : (seats, null, null);
    }

    /// <summary>The problem with ids that name no staff account, on the field they came in (the interviewers' or the shadows').</summary>
    public static (string Field, string Problem) Unknown(IReadOnlyList<PanelSeat> seats, IReadOnlyCollection<string> unknown) =>
        (seats.First(s => unknown.Contains(s.InterviewerId)).Role == PanelRole.Interviewer ? "interviewerIds" : "shadows",
            $"No staff account has the id {string.Join(", ", unknown)}; choose interviewers from the list of users.");

    /// <summary>What the candidate's brief and lobby say of a shadow or reverse shadow: who, and why they are there.</summary>
    public static string ForTheCandidate(string name, PanelRole role, string? reason, IEnumerable<string> interviewers)
    {
        var why = (reason ?? "they are learning how we interview").TrimEnd('.', ' ');
        return role switch
        {
            PanelRole.Shadow => $"{name} will watch and take no part: {why}.",
            PanelRole.ReverseShadow => $"{name} leads this interview: {why}. {Join(interviewers)} will watch and may step in.",
            _ => "",
        };
    }

    /// <summary>The panel for staff pages: interviewers by name, then shadows with their part ("Sam Shadow (shadow)").</summary>
    public static string Listed(IEnumerable<InterviewAssignment> panel) =>
        string.Join(", ", panel.OrderBy(a => a.Role).ThenBy(a => a.Interviewer?.DisplayName, StringComparer.Ordinal)
            .Select(a => a.Role == PanelRole.Interviewer ? a.Interviewer?.DisplayName : $"{a.Interviewer?.DisplayName} ({Name(a.Role)})"));

    /// <summary>The candidate's sentences about the panel's shadows, in the panel's order (loaded with its accounts).</summary>
    public static IReadOnlyList<string> Shadowing(IEnumerable<InterviewAssignment> panel)
    {
        var seats = panel.ToList();
        var interviewers = seats.Where(a => a.Role == PanelRole.Interviewer).Select(a => a.Interviewer?.DisplayName ?? "").Order(StringComparer.Ordinal).ToList();
        return [.. seats.Where(a => a.Role != PanelRole.Interviewer)
            .OrderBy(a => a.Role).ThenBy(a => a.Interviewer?.DisplayName, StringComparer.Ordinal)
            .Select(a => ForTheCandidate(a.Interviewer?.DisplayName ?? "", a.Role, a.ShadowReason, interviewers))];
    }

    private static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count switch
        {
            0 => "An interviewer",
            1 => list[0],
            _ => $"{string.Join(", ", list[..^1])} and {list[^1]}",
        };
    }
}
