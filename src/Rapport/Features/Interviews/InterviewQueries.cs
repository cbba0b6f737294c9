using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Accounts;

namespace Rapport.Features.Interviews;

public static class InterviewQueries
{
    /// <summary>
    /// Filters in SQL to the interviews this staff member may see, so an interviewer who is not
    /// on a panel cannot even learn that the interview exists.
    /// </summary>
    public static IQueryable<Interview> VisibleTo(this IQueryable<Interview> interviews, ClaimsPrincipal user)
    {
        if (user.SeesAllInterviews())
        {
            return interviews;
        }

        var userId = user.UserId();
        return interviews.Where(i => i.Interviewers.Any(a => a.InterviewerId == userId));
    }

    public static IQueryable<Interview> WithPanelAndLinks(this IQueryable<Interview> interviews) =>
        interviews.WithCandidate().Include(i => i.Interviewers).ThenInclude(a => a.Interviewer).Include(i => i.CandidateLinks);

    /// <summary>The interview's loop and candidate, which every view that names the candidate needs.</summary>
    public static IQueryable<Interview> WithCandidate(this IQueryable<Interview> interviews) =>
        interviews.Include(i => i.Loop).ThenInclude(l => l!.Candidate);

    /// <summary>With everything a page or view of one interview shows: the candidate, panel, links.</summary>
    public static IQueryable<Interview> WithPanel(this IQueryable<Interview> interviews) =>
        interviews.WithCandidate().Include(i => i.Interviewers).ThenInclude(a => a.Interviewer);
}
