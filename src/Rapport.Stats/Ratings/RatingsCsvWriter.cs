using System.Globalization;

namespace Rapport.Stats.Ratings;

/// <summary>
/// Writes the ratings CSV that <see cref="RatingsCsv"/> reads (docs/ratings-csv.md), such that
/// reading the file gives back exactly the ratings written. Values the reader would change are
/// refused rather than written: it trims spaces around every value (quoted or not), so an id with
/// a leading or trailing space cannot survive a round trip, and UTF-8 cannot carry half of a
/// surrogate pair. <see cref="Problems"/> says which; <see cref="Write"/> writes nothing then.
/// </summary>
public static class RatingsCsvWriter
{
    public const string Header = RatingsCsv.InterviewId + "," + RatingsCsv.CandidateId + "," + RatingsCsv.InterviewerId + "," + RatingsCsv.QuestionId + ","
        + RatingsCsv.Signal + "," + RatingsCsv.RatingColumn + "," + RatingsCsv.RatedAt + "," + RatingsCsv.CandidateGroup;

    /// <summary>Why each rating that cannot be written as it is would change on the way back, in the order given; empty when all can be.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<Rating> ratings, CandidateGroups? groups)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var problems = new List<string>();
        var checkedGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rating in ratings)
        {
            var which = $"the rating of '{rating.Signal}' on '{rating.QuestionId}' by '{rating.InterviewerId}' in interview '{rating.InterviewId}'";
            Check(rating.InterviewId, RatingsCsv.InterviewId, which, problems, RatingSetBuilder.MaximumIdLength);
            Check(rating.CandidateId, RatingsCsv.CandidateId, which, problems, RatingSetBuilder.MaximumIdLength);
            Check(rating.InterviewerId, RatingsCsv.InterviewerId, which, problems, RatingSetBuilder.MaximumIdLength);
            Check(rating.QuestionId, RatingsCsv.QuestionId, which, problems, RatingSetBuilder.MaximumIdLength);
            Check(rating.Signal, RatingsCsv.Signal, which, problems, RatingSetBuilder.MaximumIdLength);
            if (groups?.GroupOf(rating.CandidateId) is { } group && checkedGroups.Add(rating.CandidateId))
            {
                Check(group, RatingsCsv.CandidateGroup, $"the self-identification of candidate '{rating.CandidateId}'", problems, int.MaxValue);
            }
        }

        return problems;
    }

    /// <summary>
    /// Writes the header and one line per rating, in the order given, with the group of each
    /// rating's candidate (blank when none). Times are UTC with as many digits of the second as
    /// they hold (milliseconds, or ticks when finer), so they read back to the same instant.
    /// </summary>
    /// <exception cref="ArgumentException">A value would not read back the same: see <see cref="Problems"/>.</exception>
    public static void Write(TextWriter writer, IReadOnlyCollection<Rating> ratings, CandidateGroups? groups)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var problems = Problems(ratings, groups);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"{problems.Count} value(s) would not read back the same, the first: {problems[0]}", nameof(ratings));
        }

        writer.Write(Header);
        writer.Write('\n');
        foreach (var rating in ratings)
        {
            WriteValue(writer, rating.InterviewId);
            writer.Write(',');
            WriteValue(writer, rating.CandidateId);
            writer.Write(',');
            WriteValue(writer, rating.InterviewerId);
            writer.Write(',');
            WriteValue(writer, rating.QuestionId);
            writer.Write(',');
            WriteValue(writer, rating.Signal);
            writer.Write(',');
            writer.Write(rating.Value.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Time(rating.RatedAt));
            writer.Write(',');
            WriteValue(writer, groups?.GroupOf(rating.CandidateId) ?? "");
            writer.Write('\n');
        }
    }

    /// <summary>UTC, milliseconds always (the stored precision), the full seven digits only when the instant has them.</summary>
    public static string Time(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerMillisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Quoted (RFC 4180, quotes doubled) when the value holds a comma, a quote or a line break; as it is otherwise.</summary>
    private static void WriteValue(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    private static void Check(string value, string column, string which, List<string> problems, int maximumLength)
    {
        if (ValueProblem(value, maximumLength) is { } problem)
        {
            problems.Add($"{column} of {which} {problem}");
        }
    }

    /// <summary>
    /// Why <paramref name="value"/> would not read back the same from a ratings CSV (the rest of a
    /// sentence: "is empty.", "begins or ends with white space, …"), or null when it would.
    /// </summary>
    public static string? ValueProblem(string value, int maximumLength = RatingSetBuilder.MaximumIdLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return "is empty; a ratings CSV has no empty ids.";
        }

        if (trimmed.Length != value.Length)
        {
            return $"begins or ends with white space, which the ratings CSV reader trims: it would come back as '{trimmed}'.";
        }

        if (value.Length > maximumLength)
        {
            return $"is {value.Length} characters long; at most {maximumLength} are allowed.";
        }

        return HasLoneSurrogate(value) ? "holds half of a UTF-16 surrogate pair, which UTF-8 cannot carry." : null;
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
