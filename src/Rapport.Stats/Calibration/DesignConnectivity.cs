using Rapport.Stats.Ratings;

namespace Rapport.Stats.Calibration;

/// <summary>
/// Connectivity of a rating design by union-find, linear in the ratings. A single three-way
/// graph (candidate–interviewer–question) is not enough: candidate A seen only by interviewer 1
/// and candidate B only by interviewer 2 are linked through a question both answered, yet A's
/// ability minus B's cannot be told from interviewer 1's severity minus interviewer 2's. So the
/// check runs on each pair of facets: candidate–interviewer (are scores comparable?),
/// candidate–question, and interviewer–question (can severity be told from difficulty?).
/// </summary>
public static class DesignConnectivity
{
    private const int Examples = 20;

    public static ConnectivityReport Check(RatingSet ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var candidates = ratings.CandidateIds.Count;
        var interviewers = ratings.InterviewerIds.Count;
        var questions = ratings.QuestionIds.Count;

        var byInterviewer = new UnionFind(candidates + interviewers);
        var byQuestion = new UnionFind(candidates + questions);
        var interviewerQuestion = new UnionFind(interviewers + questions);
        for (var n = 0; n < ratings.Count; n++)
        {
            byInterviewer.Union(ratings.Candidate[n], candidates + ratings.Interviewer[n]);
            byQuestion.Union(ratings.Candidate[n], candidates + ratings.Question[n]);
            interviewerQuestion.Union(ratings.Interviewer[n], interviewers + ratings.Question[n]);
        }

        var groups = Groups(ratings, byInterviewer);
        var notes = new List<string>();
        if (groups.Count > 1)
        {
            var described = string.Join("; ", groups.Skip(1).Take(5).Select(Describe));
            notes.Add(
                $"The ratings fall into {groups.Count} groups that share no interviewer. The largest has {groups[0].CandidateCount} candidates and {groups[0].InterviewerCount} interviewers; the others: {described}. " +
                "Scores are comparable within a group but not across groups, where a difference may be the interviewers' severity rather than the candidates: have interviewers from the largest group interview in the others.");
        }

        var candidateQuestionGroups = byQuestion.Components(0, candidates + questions);
        if (candidateQuestionGroups > 1)
        {
            notes.Add($"Candidates and questions fall into {candidateQuestionGroups} groups that share no question, so question difficulty is only comparable within a group. Use some questions across groups.");
        }

        var interviewerQuestionGroups = interviewerQuestion.Components(0, interviewers + questions);
        if (interviewerQuestionGroups > 1)
        {
            notes.Add($"Interviewers and questions fall into {interviewerQuestionGroups} groups: some interviewers only ever asked questions no one outside their group asked, so their severity cannot be told apart from those questions' difficulty. Have them ask questions others ask too.");
        }

        return new ConnectivityReport(groups, candidateQuestionGroups, interviewerQuestionGroups, notes);
    }

    private static string Describe(ConnectedGroup group) =>
        $"{group.CandidateCount} candidate(s) ({string.Join(", ", group.Candidates.Take(3))}{(group.CandidateCount > 3 ? ", …" : string.Empty)}) " +
        $"with interviewer(s) {string.Join(", ", group.Interviewers.Take(3))}{(group.InterviewerCount > 3 ? ", …" : string.Empty)}";

    private static List<ConnectedGroup> Groups(RatingSet ratings, UnionFind sets)
    {
        var candidates = ratings.CandidateIds.Count;
        var builders = new Dictionary<int, GroupBuilder>();
        GroupBuilder Of(int node)
        {
            var root = sets.Find(node);
            if (!builders.TryGetValue(root, out var builder))
            {
                builder = new GroupBuilder(builders.Count);
                builders.Add(root, builder);
            }

            return builder;
        }

        for (var c = 0; c < candidates; c++)
        {
            var group = Of(c);
            group.Candidates++;
            group.Ratings += ratings.CandidateStarts[c + 1] - ratings.CandidateStarts[c];
            if (group.CandidateExamples.Count < Examples)
            {
                group.CandidateExamples.Add(ratings.CandidateIds[c]);
            }
        }

        for (var j = 0; j < ratings.InterviewerIds.Count; j++)
        {
            var group = Of(candidates + j);
            group.Interviewers++;
            if (group.InterviewerExamples.Count < Examples)
            {
                group.InterviewerExamples.Add(ratings.InterviewerIds[j]);
            }
        }

        return [.. builders.Values
            .OrderByDescending(group => group.Ratings)
            .ThenBy(group => group.FirstSeen)
            .Select(group => new ConnectedGroup(group.Candidates, group.Interviewers, group.Ratings, group.CandidateExamples, group.InterviewerExamples))];
    }

    private sealed class GroupBuilder(int firstSeen)
    {
        public int FirstSeen { get; } = firstSeen;

        public int Candidates { get; set; }

        public int Interviewers { get; set; }

        public int Ratings { get; set; }

        public List<string> CandidateExamples { get; } = [];

        public List<string> InterviewerExamples { get; } = [];
    }

    /// <summary>Disjoint sets with path halving and union by size.</summary>
    private sealed class UnionFind
    {
        private readonly int[] parent;
        private readonly int[] size;

        public UnionFind(int count)
        {
            parent = new int[count];
            size = new int[count];
            for (var i = 0; i < count; i++)
            {
                parent[i] = i;
                size[i] = 1;
            }
        }

        public int Find(int node)
        {
            while (parent[node] != node)
            {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }

            return node;
        }

        public void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b)
            {
                return;
            }

            if (size[a] < size[b])
            {
                (a, b) = (b, a);
            }

            parent[b] = a;
            size[a] += size[b];
        }

        public int Components(int from, int to)
        {
            var count = 0;
            for (var node = from; node < to; node++)
            {
                if (Find(node) == node)
                {
                    count++;
                }
            }

            return count;
        }
    }
}
