using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Ratings;

/// <summary>The ratings CSV of docs/ratings-csv.md: read whole, or refused whole with every problem's line and fix.</summary>
public sealed class RatingsCsvTests
{
    private const string Header = "interview_id,candidate_id,interviewer_id,question_id,signal,rating,rated_at";

    private static RatingsImport Read(params string[] lines) =>
        RatingsCsv.Read(new StringReader(string.Join("\n", lines)));

    private static string Problems(RatingsImport import) => string.Join(Environment.NewLine, import.Problems);

    [Fact]
    public void Read_DocumentedExample_KeepsEveryRatingAndTheGroupsApart()
    {
        var import = RatingsCsv.Read(new StringReader(
            "\uFEFFcandidate_id,interview_id,interviewer_id,question_id,signal,rating,rated_at,candidate_group\r\n" +
            "c-17,int-301,ana,two-sum,problem_solving,3,2025-03-14T10:30:00Z,\r\n" +
            "c-17,int-301,ana,two-sum,communication,4,2025-03-14T10:30:00+01:00,\r\n" +
            "\r\n" +
            "c-18,int-302,ben,\"design, part 2\",problem_solving,2,2025-03-15,prefers not to say\r\n"));

        Assert.True(import.Succeeded, Problems(import));
        var ratings = import.Ratings!;
        Assert.Equal(3, ratings.Count);
        Assert.Equal(["c-17", "c-18"], ratings.CandidateIds);
        Assert.Contains("design, part 2", ratings.QuestionIds);
        var rating = Enumerable.Range(0, ratings.Count).Select(n => ratings[n]).Single(r => r.Signal == "communication");
        Assert.Equal(4, rating.Value);
        Assert.Equal(3, rating.Line);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero), rating.RatedAt);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero), Enumerable.Range(0, ratings.Count).Select(n => ratings[n]).Single(r => r.CandidateId == "c-18").RatedAt);
        Assert.Equal("prefers not to say", import.Groups!.GroupOf("c-18"));
        Assert.Null(import.Groups.GroupOf("c-17"));
    }

    [Fact]
    public void Read_BadValues_AreRefusedWithLineColumnAndFix()
    {
        var import = Read(
            Header,
            "i1,c1,ana,q1,coding,5,2025-03-14T10:30:00Z",
            "i1,c1,ana,q1,design,2.5,2025-03-14T10:30:00Z",
            "i1,c1,ana,q1,testing,three,2025-03-14T10:30:00Z",
            "i1,c1,ana,q1,speed,3,2025-03-14T10:30:00",
            "i1,c1,ana,q1,clarity,3",
            "i1,c1,,q1,focus,3,2025-03-14T10:30:00Z");

        Assert.False(import.Succeeded);
        Assert.Null(import.Ratings);
        Assert.Equal(6, import.ProblemCount);
        Assert.Contains("line 2, rating: The rating 5 is outside the scale of whole points 1 to 4", Problems(import), StringComparison.Ordinal);
        Assert.Contains("line 3, rating: The rating '2.5' is not a whole number", Problems(import), StringComparison.Ordinal);
        Assert.Contains("line 4, rating: The rating 'three' is not a number", Problems(import), StringComparison.Ordinal);
        Assert.Contains("line 5, rated_at: The time '2025-03-14T10:30:00' is not a date and time Rapport can read. Add the time zone", Problems(import), StringComparison.Ordinal);
        Assert.Contains("line 6: The row has 6 values but the header has 7 columns", Problems(import), StringComparison.Ordinal);
        Assert.Contains("line 7, interviewer_id: interviewer_id is empty", Problems(import), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OneBadRowAmongGoodOnes_StoresNothing()
    {
        var import = Read(Header, "i1,c1,ana,q1,coding,3,2025-03-14", "i1,c1,ana,q1,design,0,2025-03-14", "i2,c2,ana,q1,coding,2,2025-03-14");

        Assert.False(import.Succeeded);
        Assert.Null(import.Ratings);
        Assert.Equal(3, Assert.Single(import.Problems).Line);
    }

    [Fact]
    public void Read_InterviewGivenToTwoCandidates_NamesBothLines()
    {
        var import = Read(Header, "i1,c1,ana,q1,coding,3,2025-03-14", "i1,c2,ana,q1,design,2,2025-03-14");

        var problem = Assert.Single(import.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("Interview 'i1' is for candidate 'c1' on line 2, but this row gives it to candidate 'c2'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameSignalRatedTwice_NamesBothLines()
    {
        var import = Read(Header, "i1,c1,ana,q1,coding,3,2025-03-14", "i1,c1,ana,q1,coding,2,2025-03-14");

        var problem = Assert.Single(import.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("repeats the rating on line 2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Keep the rating that was submitted", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CandidateInTwoGroups_IsRefused()
    {
        var import = Read(Header + ",candidate_group", "i1,c1,ana,q1,coding,3,2025-03-14,x", "i2,c1,ben,q1,coding,2,2025-03-15,y");

        Assert.Contains("Candidate 'c1' is in group 'x' on line 2 but in 'y' here", Assert.Single(import.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderProblems_AreAllReportedOnLineOne()
    {
        var import = Read("interview_id,candidate_id,interviewer,question_id,signal,rating,rating", "i1,c1,ana,q1,coding,3,2025-03-14");

        Assert.All(import.Problems, problem => Assert.Equal(1, problem.Line));
        Assert.Contains("unknown column 'interviewer'", Problems(import), StringComparison.Ordinal);
        Assert.Contains("names column 'rating' twice", Problems(import), StringComparison.Ordinal);
        Assert.Contains("no 'interviewer_id' column", Problems(import), StringComparison.Ordinal);
        Assert.Contains("no 'rated_at' column", Problems(import), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_AsksForTheHeader()
    {
        var problem = Assert.Single(Read(string.Empty).Problems);

        Assert.Contains("The file is empty. Its first line must be the header: interview_id,candidate_id", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnly_SaysThereAreNoRatings()
    {
        var problem = Assert.Single(Read(Header).Problems);

        Assert.Contains("There are no ratings", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnclosedQuote_NamesTheLineItOpened()
    {
        var import = Read(Header, "i1,c1,ana,\"q1,coding,3,2025-03-14", "i2,c2,ana,q1,coding,3,2025-03-14");

        var problem = Assert.Single(import.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("opened on line 2 is never closed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_QuotedLineBreak_CountsLinesFromTheRecordStart()
    {
        var import = Read(Header, "i1,c1,ana,\"two\nlines\",coding,3,2025-03-14", "i2,c2,ana,q1,coding,9,2025-03-14");

        Assert.Equal(4, Assert.Single(import.Problems).Line);
    }

    [Fact]
    public void Read_ManyBadRows_KeepsTheFirstHundredAndCountsAll()
    {
        var lines = new[] { Header }.Concat(Enumerable.Range(0, 150).Select(i => $"i{i},c{i},ana,q1,coding,7,2025-03-14")).ToArray();

        var import = Read(lines);

        Assert.Equal(150, import.ProblemCount);
        Assert.Equal(100, import.Problems.Count);
    }

    [Fact]
    public void RatingSetCreate_WithNoRatings_IsRejectedWithAClearMessage()
    {
        var error = Assert.Throws<RatingsRejectedException>(() => RatingSet.Create([]));

        Assert.Contains("There are no ratings", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.ProblemCount);
    }

    [Fact]
    public void RatingSetCreate_StoresCandidatesContiguously()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var set = RatingSet.Create(
        [
            new Rating("i1", "c1", "ana", "q1", "coding", 3, at),
            new Rating("i2", "c2", "ana", "q1", "coding", 2, at),
            new Rating("i3", "c1", "ben", "q1", "coding", 4, at),
            new Rating("i1", "c1", "ana", "q1", "design", 1, at),
        ]);

        Assert.Equal(["c1", "c1", "c1", "c2"], Enumerable.Range(0, set.Count).Select(n => set[n].CandidateId));
        Assert.Equal(["i1", "i1", "i3", "i2"], Enumerable.Range(0, set.Count).Select(n => set[n].InterviewId));
    }
}
