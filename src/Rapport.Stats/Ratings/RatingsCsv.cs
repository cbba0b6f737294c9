using System.Globalization;

namespace Rapport.Stats.Ratings;

/// <summary>
/// Reads the ratings CSV documented in docs/ratings-csv.md: a header naming the columns in any
/// order, then one rating per row. Reading streams (one row in memory at a time, besides the
/// compact rating set being built) and is all or nothing.
/// </summary>
public static class RatingsCsv
{
    public const string InterviewId = "interview_id";
    public const string CandidateId = "candidate_id";
    public const string InterviewerId = "interviewer_id";
    public const string QuestionId = "question_id";
    public const string Signal = "signal";
    public const string RatingColumn = "rating";
    public const string RatedAt = "rated_at";
    public const string CandidateGroup = "candidate_group";

    private static readonly string[] Required = [InterviewId, CandidateId, InterviewerId, QuestionId, Signal, RatingColumn, RatedAt];

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Reads every row, checks every rule, and returns either all the ratings or the problems.
    /// <paramref name="outOfScaleFix"/> is what a rating outside the scale tells the reader to do,
    /// in words that fit where the file was given (a command with <c>--scale</c>, an upload without).
    /// </summary>
    public static RatingsImport Read(TextReader reader, RatingScale? scale = null, string? outOfScaleFix = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var builder = new RatingSetBuilder(scale ?? RatingSetBuilder.DefaultScale, outOfScaleFix);
        var groups = new Dictionary<string, (string Group, int Line)>(StringComparer.Ordinal);
        foreach (var row in ReadRows(reader, scale))
        {
            foreach (var problem in row.Problems)
            {
                builder.Problems.Add(problem.Line, problem.Column, problem.Message);
            }

            if (row.Rating is not { } rating)
            {
                continue;
            }

            builder.Add(rating.InterviewId, rating.CandidateId, rating.InterviewerId, rating.QuestionId, rating.Signal, rating.Value, rating.RatedAt, rating.Line);
            if (row.CandidateGroup is { } group)
            {
                if (!groups.TryGetValue(rating.CandidateId, out var known))
                {
                    groups.Add(rating.CandidateId, (group, row.Line));
                }
                else if (known.Group != group)
                {
                    builder.Problems.Add(row.Line, CandidateGroup, $"Candidate '{rating.CandidateId}' is in group '{known.Group}' on line {known.Line} but in '{group}' here. A candidate self-identifies once: use the same group on every row, or leave it blank.");
                }
            }
        }

        var ratings = builder.Build(out var problems);
        return ratings is null
            ? new RatingsImport(null, null, problems.Kept, problems.Count)
            : new RatingsImport(ratings, new CandidateGroups(groups.ToDictionary(pair => pair.Key, pair => pair.Value.Group, StringComparer.Ordinal)), [], 0);
    }

    /// <summary>
    /// Reads rows one at a time, checking what can be checked within a row. The header's
    /// problems come as a row with line 1 and no rating; after them nothing else is read.
    /// </summary>
    public static IEnumerable<RatingsCsvRow> ReadRows(TextReader reader, RatingScale? scale = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadRowsIterator(reader, scale ?? RatingSetBuilder.DefaultScale);
    }

    private static IEnumerable<RatingsCsvRow> ReadRowsIterator(TextReader reader, RatingScale scale)
    {
        var records = new CsvRecordReader(reader);
        var fields = new List<string>();
        int line;
        string? error;
        do
        {
            if (!records.TryRead(fields, out line, out error))
            {
                yield return new RatingsCsvRow(1, null, null, [new RatingProblem(1, null, $"The file is empty. Its first line must be the header: {string.Join(',', Required)} (and optionally {CandidateGroup}).")]);
                yield break;
            }
        }
        while (error is null && IsBlank(fields));

        if (error is not null)
        {
            yield return new RatingsCsvRow(line, null, null, [new RatingProblem(line, null, error)]);
            yield break;
        }

        var header = Header.Parse(fields, line, out var headerProblems);
        if (header is null)
        {
            yield return new RatingsCsvRow(line, null, null, headerProblems);
            yield break;
        }

        while (records.TryRead(fields, out line, out error))
        {
            if (error is not null)
            {
                yield return new RatingsCsvRow(line, null, null, [new RatingProblem(line, null, error)]);
            }
            else if (!IsBlank(fields))
            {
                yield return header.Row(fields, line, scale);
            }
        }
    }

    private static bool IsBlank(List<string> fields) => fields.Count == 1 && fields[0].Length == 0;

    private sealed class Header
    {
        private readonly Dictionary<string, int> positions;
        private readonly int width;

        private Header(Dictionary<string, int> positions, int width)
        {
            this.positions = positions;
            this.width = width;
        }

        public static Header? Parse(List<string> names, int line, out List<RatingProblem> problems)
        {
            problems = [];
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            var known = Required.Append(CandidateGroup).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i].TrimStart('\uFEFF').Trim().ToLowerInvariant();
                if (!known.Contains(name))
                {
                    problems.Add(new RatingProblem(line, names[i], $"The header has an unknown column '{names[i]}'. The columns are {string.Join(", ", known)}; rename the column or remove it."));
                }
                else if (!positions.TryAdd(name, i))
                {
                    problems.Add(new RatingProblem(line, name, $"The header names column '{name}' twice. Keep one of them."));
                }
            }

            foreach (var name in Required.Where(name => !positions.ContainsKey(name)))
            {
                problems.Add(new RatingProblem(line, name, $"The header has no '{name}' column. Add it: every rating needs {string.Join(", ", Required)}."));
            }

            return problems.Count == 0 ? new Header(positions, names.Count) : null;
        }

        public RatingsCsvRow Row(List<string> fields, int line, RatingScale scale)
        {
            if (fields.Count != width)
            {
                return new RatingsCsvRow(line, null, null, [new RatingProblem(line, null, $"The row has {fields.Count} values but the header has {width} columns. Quote any value that contains a comma, and give every column a value (blank for an empty candidate_group).")]);
            }

            var problems = new List<RatingProblem>();
            var value = ParseRating(fields[positions[RatingColumn]], line, scale, problems);
            var ratedAt = ParseTime(fields[positions[RatedAt]], line, problems);
            if (problems.Count > 0)
            {
                return new RatingsCsvRow(line, null, null, problems);
            }

            var group = positions.TryGetValue(CandidateGroup, out var at) && fields[at].Length > 0 ? fields[at] : null;
            var rating = new Rating(
                fields[positions[InterviewId]],
                fields[positions[CandidateId]],
                fields[positions[InterviewerId]],
                fields[positions[QuestionId]],
                fields[positions[Signal]],
                value,
                ratedAt,
                line);
            return new RatingsCsvRow(line, rating, group, []);
        }

        private static int ParseRating(string text, int line, RatingScale scale, List<RatingProblem> problems)
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            var what = text.Length == 0
                ? "The rating is empty."
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? $"The rating '{text}' is not a whole number."
                    : $"The rating '{text}' is not a number.";
            problems.Add(new RatingProblem(line, RatingColumn, $"{what} Ratings are whole points of the scale of {scale}; leave out ratings that were never given rather than writing a placeholder."));
            return 0;
        }

        private static DateTimeOffset ParseTime(string text, int line, List<RatingProblem> problems)
        {
            if (text.Length == 10
                && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day))
            {
                return day;
            }

            if (HasOffset(text)
                && DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            var fix = text.Length > 10 && !HasOffset(text)
                ? "Add the time zone: Z for UTC or an offset such as +02:00, for example 2025-03-14T15:30:00Z."
                : "Write it in ISO 8601, for example 2025-03-14T15:30:00Z, 2025-03-14T15:30:00+02:00 or 2025-03-14.";
            problems.Add(new RatingProblem(line, RatedAt, $"The time '{text}' is not a date and time Rapport can read. {fix}"));
            return default;
        }

        /// <summary>True when the text ends in Z or in a ±hh:mm (or ±hhmm) offset after the time.</summary>
        private static bool HasOffset(string text)
        {
            if (text.EndsWith('Z') || text.EndsWith('z'))
            {
                return true;
            }

            var sign = Math.Max(text.LastIndexOf('+'), text.LastIndexOf('-'));
            return sign > 10;
        }
    }
}
