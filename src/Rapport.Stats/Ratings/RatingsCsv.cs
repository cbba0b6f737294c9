using System.Globalization;

namespace Rapport.Stats.Ratings;

/// <summary>
/// Reads the ratings CSV documented in docs/ratings-csv.md: a header naming the columns in any
/// order, then one rating per row. Reading streams (one row in memory at a time, besides the
/// compact rating set being built) and is all or nothing.
/// </summary>
public static partial class RatingsCsv
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
        using var bytes = new TextAsUtf8Stream(reader);
        return Read(new CsvRecordReader(bytes), scale, outOfScaleFix);
    }

    /// <summary>
    /// Reads a file's bytes, which must be UTF-8 (a byte-order mark for UTF-16 or UTF-32 is still
    /// honoured): a byte that is not UTF-8 refuses the file with the line it is on, instead of
    /// becoming a replacement character that is stored and shown as if the file had said it.
    /// Parses the bytes themselves, so a row costs no strings beyond the identifiers seen first there.
    /// </summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="scale">The scale the ratings were given on (1 to 4 by default).</param>
    /// <param name="outOfScaleFix">What a rating outside the scale tells the reader to do.</param>
    /// <param name="progress">Told the bytes read so far, every 65,536 rows, and the file's length when it is known.</param>
    public static RatingsImport Read(Stream stream, RatingScale? scale = null, string? outOfScaleFix = null, IProgress<CalibrationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[4];
        var count = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var whole = new PrefixedStream(head.AsSpan(0, count).ToArray(), stream);
        if (IsWideByteOrderMark(head.AsSpan(0, count)))
        {
            using var text = new StreamReader(whole, detectEncodingFromByteOrderMarks: true);
            return Read(text, scale, outOfScaleFix);
        }

        var expectedRows = stream.CanSeek ? RowsByLines(stream) : 0;
        var total = stream.CanSeek ? stream.Length : 0;
        return Read(new CsvRecordReader(whole), scale, outOfScaleFix, expectedRows, progress is null ? null : done => progress.Report(new CalibrationProgress(CalibrationPhase.Reading, done, total)));
    }

    /// <summary>
    /// The data rows of a file whose lines are all rows: its line breaks, less the header's (the
    /// first bytes, already read, hold no whole row). Counting them first (a fast pass over bytes
    /// already cached) lets the columns be made once at their final length instead of grown and
    /// copied; a wrong count costs only that copy. Never more than one row per 16 bytes, so a file
    /// of empty lines cannot make the reader reserve more than the file's size again.
    /// </summary>
    private static int RowsByLines(Stream stream)
    {
        var position = stream.Position;
        var most = (stream.Length - position) / 16;
        var buffer = new byte[1 << 20];
        long lines = 0;
        var last = (byte)0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        stream.Position = position;
        return (int)Math.Clamp(last == '\n' ? lines - 1 : lines, 0, Math.Min(most, int.MaxValue));
    }

    /// <summary>
    /// The message for a file that is not UTF-8, as every reader of text files in Rapport words it.
    /// </summary>
    public static string NotUtf8Message(byte value) =>
        $"the file is not UTF-8 (a byte on this line, 0x{value:X2}, is not valid UTF-8). Save or export it as UTF-8 and try again.";

    private static bool IsWideByteOrderMark(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    private static RatingsImport Read(CsvRecordReader records, RatingScale? scale, string? outOfScaleFix, int expectedRows = 0, Action<long>? bytesRead = null)
    {
        scale ??= RatingSetBuilder.DefaultScale;
        var builder = new RatingSetBuilder(scale, outOfScaleFix, expectedRows);
        var header = ReadHeader(records, builder.Problems);
        if (header is not null)
        {
            var groups = new CandidateGroupColumn();
            var row = new RowReader(header, scale, builder, groups);
            var rows = 0;
            while (records.TryRead(out var line, out var error))
            {
                if (bytesRead is not null && (++rows & 0xFFFF) == 0)
                {
                    bytesRead(records.Consumed);
                }

                if (error is not null)
                {
                    builder.Problems.Add(line, null, error);
                }
                else if (!IsBlank(records))
                {
                    row.Add(records, line);
                }
            }

            if (records.NotUtf8 is null)
            {
                var ratings = builder.Build(out var problems);
                return ratings is null
                    ? new RatingsImport(null, null, problems.Kept, problems.Count)
                    : new RatingsImport(ratings, groups.Groups(), [], 0);
            }
        }

        if (records.NotUtf8 is { } notUtf8)
        {
            return new RatingsImport(null, null, [new RatingProblem(notUtf8.Line, null, NotUtf8Message(notUtf8.Byte))], 1);
        }

        var kept = builder.Problems;
        return new RatingsImport(null, null, kept.Kept, kept.Count);
    }

    /// <summary>The header, or null with its problems (on line 1, or where the first record failed) added.</summary>
    private static Header? ReadHeader(CsvRecordReader records, RatingProblems problems)
    {
        int line;
        string? error;
        do
        {
            if (!records.TryRead(out line, out error))
            {
                if (records.NotUtf8 is null)
                {
                    problems.Add(1, null, $"The file is empty. Its first line must be the header: {string.Join(',', Required)} (and optionally {CandidateGroup}).");
                }

                return null;
            }
        }
        while (error is null && IsBlank(records));

        if (error is not null)
        {
            problems.Add(line, null, error);
            return null;
        }

        var names = Enumerable.Range(0, records.Count).Select(records.Text).ToList();
        var header = Header.Parse(names, line, out var headerProblems);
        foreach (var problem in headerProblems)
        {
            problems.Add(problem.Line, problem.Column, problem.Message);
        }

        return header;
    }

    private static bool IsBlank(CsvRecordReader records) => records.Count == 1 && records[0].Length == 0;

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

        public int Width => width;

        public int At(string column) => positions[column];

        public int GroupAt => positions.TryGetValue(CandidateGroup, out var at) ? at : -1;

        /// <summary>The problem with a rating that is not a whole number.</summary>
        public static void AddRatingProblem(string text, int line, RatingScale scale, RatingProblems problems)
        {

            var what = text.Length == 0
                ? "The rating is empty."
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? $"The rating '{text}' is not a whole number."
                    : $"The rating '{text}' is not a number.";
            problems.Add(line, RatingColumn, $"{what} Ratings are whole points of the scale of {scale}; leave out ratings that were never given rather than writing a placeholder.");
        }

        /// <summary>The time as UTC ticks, or null with its problem added.</summary>
        public static long? ParseTime(string text, int line, RatingProblems problems)
        {
            if (text.Length == 10
                && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day))
            {
                return day.UtcTicks;
            }

            if (HasOffset(text)
                && DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time.UtcTicks;
            }

            var fix = text.Length > 10 && !HasOffset(text)
                ? "Add the time zone: Z for UTC or an offset such as +02:00, for example 2025-03-14T15:30:00Z."
                : "Write it in ISO 8601, for example 2025-03-14T15:30:00Z, 2025-03-14T15:30:00+02:00 or 2025-03-14.";
            problems.Add(line, RatedAt, $"The time '{text}' is not a date and time Rapport can read. {fix}");
            return null;
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
