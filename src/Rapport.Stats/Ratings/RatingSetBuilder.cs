namespace Rapport.Stats.Ratings;

/// <summary>
/// Collects ratings one at a time, interning identifiers and checking each value and each
/// cross-row rule (an interview has one candidate; a signal is rated once per interviewer,
/// question and interview), then builds a <see cref="RatingSet"/> only if nothing was wrong.
/// </summary>
internal sealed class RatingSetBuilder
{
    public const int MaximumIdLength = 200;

    public static readonly RatingScale DefaultScale = RatingScale.WholePoints(1, 4);

    private readonly RatingScale scale;
    private readonly string outOfScaleFix;
    private readonly Interned candidates = new();
    private readonly Interned interviewers = new();
    private readonly Interned questions = new();
    private readonly Interned interviews = new();
    private readonly Interned signals = new();
    private readonly List<(int Candidate, int Line)> interviewCandidate = [];
    private readonly Column<int> candidate;
    private readonly Column<int> interviewer;
    private readonly Column<int> question;
    private readonly Column<int> interview;
    private readonly Column<byte> signal;
    private readonly Column<byte> category;
    private readonly Column<long> ratedAt;
    private readonly Column<int> lines;

    /// <param name="scale">The scale the ratings were given on.</param>
    /// <param name="outOfScaleFix">What a rating outside the scale tells the reader to do.</param>
    /// <param name="expectedCount">How many ratings to make room for at once (a file's rows), so that the columns need no copy when it is right.</param>
    public RatingSetBuilder(RatingScale scale, string? outOfScaleFix = null, int expectedCount = 0)
    {
        candidate = new(expectedCount);
        interviewer = new(expectedCount);
        question = new(expectedCount);
        interview = new(expectedCount);
        signal = new(expectedCount);
        category = new(expectedCount);
        ratedAt = new(expectedCount);
        lines = new(expectedCount);
        if (!scale.WholeNumbersOnly || scale.Maximum - scale.Minimum > 9)
        {
            throw new ArgumentException(
                $"The rater model needs a scale of 2 to 10 whole points, but got {scale}. Declare the scale the interviewers used, for example 1 to 4.",
                nameof(scale));
        }

        this.scale = scale;
        this.outOfScaleFix = outOfScaleFix ?? "Correct the rating in the file.";
    }

    public RatingProblems Problems { get; } = new();

    public int Count => category.Count;

    /// <summary>Checks and adds one rating; a rating with problems is recorded as problems and not added.</summary>
    public void Add(string interviewId, string candidateId, string interviewerId, string questionId, string signalName, int value, DateTimeOffset ratedAtTime, int line) =>
        Add(interviewId.AsSpan(), candidateId, interviewerId, questionId, signalName, value, ratedAtTime.UtcTicks, line);

    /// <summary>The same from characters in a reader's buffer: an identifier becomes a string only the first time it is seen.</summary>
    public void Add(ReadOnlySpan<char> interviewId, ReadOnlySpan<char> candidateId, ReadOnlySpan<char> interviewerId, ReadOnlySpan<char> questionId, ReadOnlySpan<char> signalName, int value, long ratedAtTicks, int line)
    {
        var fine = CheckId(interviewId, "interview_id", "the interview it belongs to", line)
            & CheckId(candidateId, "candidate_id", "the candidate interviewed", line)
            & CheckId(interviewerId, "interviewer_id", "the interviewer who gave it", line)
            & CheckId(questionId, "question_id", "the question it is about", line)
            & CheckId(signalName, "signal", "the rubric signal rated", line);
        if (!scale.Contains(value))
        {
            Problems.Add(line, "rating", $"The rating {value} is outside the scale of {scale}. {outOfScaleFix}");
            fine = false;
        }

        if (!fine)
        {
            return;
        }

        var candidateIndex = candidates.Index(candidateId);
        var interviewIndex = interviews.Index(interviewId);
        if (interviewIndex == interviewCandidate.Count)
        {
            interviewCandidate.Add((candidateIndex, line));
        }
        else if (interviewCandidate[interviewIndex].Candidate != candidateIndex)
        {
            var (first, firstLine) = interviewCandidate[interviewIndex];
            Problems.Add(line, "candidate_id", $"Interview '{interviewId}' is for candidate '{candidates.Name(first)}'{At(firstLine)}, but this row gives it to candidate '{candidateId}'. An interview has one candidate: correct the candidate_id, or give this row its own interview_id.");
            return;
        }

        var signalIndex = signals.Index(signalName);
        if (signalIndex > byte.MaxValue)
        {
            Problems.Add(line, "signal", $"There are more than {byte.MaxValue + 1} distinct signals. Signals are the rubric's dimensions (such as problem_solving); check that this column does not hold free text.");
            return;
        }

        candidate.Add(candidateIndex);
        interview.Add(interviewIndex);
        interviewer.Add(interviewers.Index(interviewerId));
        question.Add(questions.Index(questionId));
        signal.Add((byte)signalIndex);
        category.Add((byte)(value - (int)scale.Minimum));
        ratedAt.Add(ratedAtTicks);
        lines.Add(line);
    }

    /// <summary>The rating set, or null with <paramref name="problems"/> when anything was wrong.</summary>
    public RatingSet? Build(out RatingProblems problems)
    {
        problems = Problems;
        if (Problems.Count == 0 && Count == 0)
        {
            Problems.Add(0, null, "There are no ratings. Provide at least one rating per row under the header.");
        }

        if (Problems.Count > 0)
        {
            return null;
        }

        // Column by column, each one's chunks let go as it is copied: never two copies of every column.
        var columns = new RatingColumns(candidate.Take(), interviewer.Take(), question.Take(), interview.Take(), signal.Take(), category.Take(), ratedAt.Take(), lines.Take());
        var set = RatingSet.FromColumns(scale, candidates.Names(), interviewers.Names(), questions.Names(), interviews.Names(), signals.Names(), columns);
        CheckRepeats(set);
        return Problems.Count > 0 ? null : set;
    }

    private void CheckRepeats(RatingSet set)
    {
        var seen = new Dictionary<(int, int, byte), int>();
        for (var i = 0; i < set.InterviewIds.Count; i++)
        {
            seen.Clear();
            for (var n = set.InterviewStarts[i]; n < set.InterviewStarts[i + 1]; n++)
            {
                var key = (set.Interviewer[n], set.Question[n], set.Signal[n]);
                var line = set.Lines![n];
                if (seen.TryGetValue(key, out var firstLine))
                {
                    Problems.Add(line, null, $"This row repeats the rating{At(firstLine)}: interviewer '{set.InterviewerIds[key.Item1]}' rated '{set.Signals[key.Item3]}' on question '{set.QuestionIds[key.Item2]}' in interview '{set.InterviewIds[i]}' twice. Keep the rating that was submitted and delete the other row.");
                }
                else
                {
                    seen[key] = line;
                }
            }
        }
    }

    private bool CheckId(ReadOnlySpan<char> value, string column, string what, int line)
    {
        if (value.IsWhiteSpace())
        {
            Problems.Add(line, column, $"{column} is empty. Every rating needs {what}.");
            return false;
        }

        if (value.Length > MaximumIdLength)
        {
            Problems.Add(line, column, $"{column} is {value.Length} characters long; at most {MaximumIdLength} are allowed. Use the identifier, not a description.");
            return false;
        }

        return true;
    }

    private static string At(int line) => line > 0 ? $" on line {line}" : string.Empty;

    private sealed class Interned
    {
        private readonly Dictionary<string, int> indices = new(StringComparer.Ordinal);
        private readonly List<string> names = [];

        private string last = string.Empty;
        private int lastIndex = -1;

        public int Index(ReadOnlySpan<char> name)
        {
            // Rows come interview by interview: most ids are the previous row's, found without hashing.
            if (lastIndex >= 0 && name.SequenceEqual(last))
            {
                return lastIndex;
            }

            var lookup = indices.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(name, out var index))
            {
                index = names.Count;
                var text = name.ToString();
                indices.Add(text, index);
                names.Add(text);
            }

            (last, lastIndex) = (names[index], index);
            return index;
        }

        public string Name(int index) => names[index];

        public string[] Names() => [.. names];
    }

    /// <summary>
    /// A growing column: one array of the expected length, then chunks small enough for the
    /// ordinary heap, so it grows without copying and is copied at most once, into its final array
    /// (not at all when the expected length was right).
    /// </summary>
    private sealed class Column<T>(int expected)
    {
        private const int ChunkSize = 8192;

        private readonly List<T[]> chunks = [];
        private T[] first = new T[expected];
        private int count;

        public int Count => count;

        public void Add(T value)
        {
            if (count < first.Length)
            {
                first[count++] = value;
                return;
            }

            var at = (count - first.Length) % ChunkSize;
            if (at == 0)
            {
                chunks.Add(new T[ChunkSize]);
            }

            chunks[^1][at] = value;
            count++;
        }

        /// <summary>The values in one array; the column is emptied.</summary>
        public T[] Take()
        {
            var all = first;
            if (count != first.Length)
            {
                all = new T[count];
                first.AsSpan(0, Math.Min(count, first.Length)).CopyTo(all);
                for (var c = 0; c < chunks.Count; c++)
                {
                    var from = first.Length + (c * ChunkSize);
                    chunks[c].AsSpan(0, Math.Min(ChunkSize, count - from)).CopyTo(all.AsSpan(from));
                }
            }

            first = [];
            chunks.Clear();
            chunks.TrimExcess();
            count = 0;
            return all;
        }
    }
}
