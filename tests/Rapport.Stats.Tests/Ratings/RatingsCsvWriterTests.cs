using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Ratings;

/// <summary>The writer's promise: whatever it writes, <see cref="RatingsCsv"/> reads back as the same ratings; whatever would change, it refuses.</summary>
public sealed class RatingsCsvWriterTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 14, 10, 30, 0, TimeSpan.Zero);

    /// <summary>Ids an applicant-tracking system or a person can produce, each breaking a naive writer or reader in its own way.</summary>
    public static TheoryData<string> HostileIds => new()
    {
        "design, part 2",
        "say \"hi\"",
        "\"",
        "\"quoted\"",
        ",",
        "two\nlines",
        "windows\r\nline",
        "old mac\rline",
        "trailing newline inside\n.",
        "emoji 👩🏽‍💻 and flags 🇺🇦",
        "עברית RTL \u202Eoverride",
        "e\u0301 combining vs é",
        "zero\u200Bwidth",
        "\uFEFFbom at the start",
        "=HYPERLINK(\"x\")",
        "tab\tinside",
        "a",
        new string('x', 197),
    };

    private static RatingsImport RoundTrip(IReadOnlyCollection<Rating> ratings, CandidateGroups? groups, out string csv)
    {
        var writer = new StringWriter();
        RatingsCsvWriter.Write(writer, ratings, groups);
        csv = writer.ToString();
        return RatingsCsv.Read(new StringReader(csv));
    }

    private static List<Rating> All(RatingSet set) => [.. Enumerable.Range(0, set.Count).Select(n => set[n] with { Line = 0 })];

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void Write_ThenRead_GivesBackEveryHostileId_InEveryColumn(string id)
    {
        Rating[] ratings =
        [
            new(id, $"c {id}", $"{id} i", id, id, 3, At),
            new($"{id}-2", id, "plain", "q", "signal", 1, At),
        ];
        var groups = new CandidateGroups(new Dictionary<string, string> { [$"c {id}"] = id });

        var import = RoundTrip(ratings, groups, out var csv);

        Assert.True(import.Succeeded, string.Join('\n', import.Problems) + "\n" + csv);
        Assert.Equal(ratings.OrderBy(r => r.InterviewId, StringComparer.Ordinal), All(import.Ratings!).OrderBy(r => r.InterviewId, StringComparer.Ordinal));
        Assert.Equal(id, import.Groups!.GroupOf($"c {id}"));
        Assert.Null(import.Groups.GroupOf(id));
    }

    [Fact]
    public void Write_Times_ReadBackToTheSameInstant_WhateverTheirOffsetAndPrecision()
    {
        DateTimeOffset[] times =
        [
            new(2025, 3, 14, 10, 30, 0, TimeSpan.Zero),
            new(2025, 3, 14, 10, 30, 0, 123, TimeSpan.FromHours(2)),
            new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromHours(-9.5)).AddTicks(1234567),
            new(1999, 1, 1, 0, 0, 0, TimeSpan.Zero),
        ];
        var ratings = times.Select((t, n) => new Rating($"int-{n}", $"c-{n}", "ana", "q", "s", 2, t)).ToList();

        var import = RoundTrip(ratings, null, out var csv);

        Assert.True(import.Succeeded, string.Join('\n', import.Problems));
        Assert.Equal(times.Select(t => t.UtcTicks), All(import.Ratings!).OrderBy(r => r.InterviewId, StringComparer.Ordinal).Select(r => r.RatedAt.UtcTicks));
        Assert.Contains(",2025-03-14T08:30:00.123Z,", csv, StringComparison.Ordinal);
        Assert.Contains(",2026-01-01T09:29:59.1234567Z,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_QuotesOnlyWhatNeedsIt_OneLinePerRating_HeaderFirst()
    {
        var writer = new StringWriter();

        RatingsCsvWriter.Write(writer, [new("int-1", "c-1", "ana", "design, part 2", "problem_solving", 4, At), new("int-1", "c-1", "ana", "say \"hi\"", "x", 1, At)], null);

        Assert.Equal(
            "interview_id,candidate_id,interviewer_id,question_id,signal,rating,rated_at,candidate_group\n"
            + "int-1,c-1,ana,\"design, part 2\",problem_solving,4,2025-03-14T10:30:00.000Z,\n"
            + "int-1,c-1,ana,\"say \"\"hi\"\"\",x,1,2025-03-14T10:30:00.000Z,\n",
            writer.ToString());
    }

    public static TheoryData<string, string> ValuesThatWouldChange => new()
    {
        { " ana", "begins or ends with white space" },
        { "ana ", "begins or ends with white space" },
        { "ana\u00A0", "begins or ends with white space" },
        { "\u2003ana", "begins or ends with white space" },
        { "ana\n", "begins or ends with white space" },
        { "", "is empty" },
        { "   ", "is empty" },
        { new string('x', 201), "is 201 characters long; at most 200" },
    };

    [Theory]
    [MemberData(nameof(ValuesThatWouldChange))]
    public void Write_AValueTheReaderWouldChange_IsRefused_AndNothingIsWritten(string value, string why)
    {
        Rating[] ratings = [new("int-1", "c-1", "ana", "q", "s", 3, At), new("int-2", "c-2", value, "q", "s", 3, At)];
        var writer = new StringWriter();

        var problems = RatingsCsvWriter.Problems(ratings, null);
        var refused = Assert.Throws<ArgumentException>(() => RatingsCsvWriter.Write(writer, ratings, null));

        Assert.Contains($"interviewer_id of the rating of 's' on 'q' by '{value}' in interview 'int-2' {why}", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
        Assert.Equal("", writer.ToString());
    }

    [Fact]
    public void Write_HalfASurrogatePair_IsRefused_WhereverItIs()
    {
        // Built here, not in theory data: the test runner's serialization would replace a lone surrogate.
        string[] values = ["half \uD83D pair", "\uDC00", "end \uD83D", "swapped \uDC00\uD83D"];

        var problems = values.Select(v => RatingsCsvWriter.ValueProblem(v)).ToList();

        Assert.All(problems, p => Assert.Equal("holds half of a UTF-16 surrogate pair, which UTF-8 cannot carry.", p));
        Assert.Null(RatingsCsvWriter.ValueProblem("whole pair \uD83D\uDC69"));
        Assert.Throws<ArgumentException>(() => RatingsCsvWriter.Write(new StringWriter(), [new Rating("int-1", "c-1", "ana", "q", values[0], 3, At)], null));
    }

    [Fact]
    public void Write_AGroupTheReaderWouldChange_IsRefused()
    {
        var groups = new CandidateGroups(new Dictionary<string, string> { ["c-1"] = "group A " });

        var problems = RatingsCsvWriter.Problems([new Rating("int-1", "c-1", "ana", "q", "s", 3, At), new Rating("int-2", "c-1", "ana", "q", "s", 3, At)], groups);

        Assert.Equal("candidate_group of the self-identification of candidate 'c-1' begins or ends with white space, which the ratings CSV reader trims: it would come back as 'group A'.", Assert.Single(problems));
    }
}
