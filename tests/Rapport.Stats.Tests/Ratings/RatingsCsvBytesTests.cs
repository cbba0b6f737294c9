using System.Text;
using Rapport.Stats.Ratings;

namespace Rapport.Stats.Tests.Ratings;

/// <summary>
/// A ratings file read from its bytes: the same ratings and problems as its text, whatever the
/// encoding's byte-order mark, wherever the reader's buffer happens to end, and a byte that is
/// not UTF-8 refused with its line.
/// </summary>
public sealed class RatingsCsvBytesTests
{
    private const string Header = "interview_id,candidate_id,interviewer_id,question_id,signal,rating,rated_at";

    /// <summary>Quotes, doubled quotes, line breaks inside quotes, CRLF, a lone CR, Unicode white space to trim, a bad row.</summary>
    private const string Awkward =
        "\uFEFF" + Header + ",candidate_group\r\n" +
        "i1,c1,ana,\"design, part 2\",coding,3,2025-03-14T10:30:00Z,x\r\n" +
        "i1,c1,ana,\"say \"\"hi\"\"\",design,4,2025-03-14T10:30:00+01:00,x\r" +
        "i2,\u00A0c2\u3000,ben,\"two\r\nlines\",coding,2,2025-03-15,\n" +
        "\n" +
        "i3,c3,ben,q1,coding,9,2025-03-15,\n" +
        "i4,c4,ben,\"q1\"x,coding,2,2025-03-15,\n" +
        "i5,c5,ben,q1,coding,1,2025-03-16T23:59:59Z,";

    [Fact]
    public void Read_Bytes_GiveWhatTheTextGives()
    {
        var fromText = RatingsCsv.Read(new StringReader(Awkward));
        var fromBytes = RatingsCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(Awkward)));

        Assert.Equal(Shown(fromText), Shown(fromBytes));
        Assert.Equal(2, fromBytes.ProblemCount);
        Assert.Equal([7, 8], fromBytes.Problems.Select(p => p.Line));
        Assert.Contains("followed by 'x'", fromBytes.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordReader_AnyBufferSize_ReadsTheSameRecords()
    {
        var bytes = Encoding.UTF8.GetBytes(Awkward);
        var expected = Records(bytes, 1 << 16);

        foreach (var size in new[] { 4, 5, 7, 16, 33 })
        {
            Assert.Equal(expected, Records(bytes, size));
        }

        Assert.Contains("4 | i2 | c2 | ben | two\r\nlines | coding | 2 | 2025-03-15 | ", expected);
        Assert.Contains("3 | i1 | c1 | ana | say \"hi\" | design | 4 | 2025-03-14T10:30:00+01:00 | x", expected);
    }

    [Fact]
    public void Read_GoodFile_KeepsEveryRatingWithItsLineAndTime()
    {
        var good = Header + "\n" + string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"i{i / 5},c{i / 20},j{i % 7},q{i % 3},s{i % 5},{1 + (i % 4)},2025-03-{1 + (i % 28):00}T0{i % 10}:15:59Z")) + "\n";

        var import = RatingsCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(good)));

        Assert.True(import.Succeeded, string.Join("; ", import.Problems));
        var ratings = import.Ratings!;
        Assert.Equal(5000, ratings.Count);
        var last = Enumerable.Range(0, ratings.Count).Select(n => ratings[n]).Single(r => r.Line == 5001);
        Assert.Equal(new Rating("i999", "c249", "j1", "q1", "s4", 4, new DateTimeOffset(2025, 3, 16, 9, 15, 59, TimeSpan.Zero), 5001), last);
    }

    [Fact]
    public void Read_ByteThatIsNotUtf8_IsRefusedWithItsLineAlone()
    {
        byte[] file = [.. Encoding.UTF8.GetBytes(Header + "\ni1,c1,ana,q1,coding,7,2025-03-14\ni2,c"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(",ana,q1,coding,3,2025-03-14\n")];

        var import = RatingsCsv.Read(new MemoryStream(file));

        var problem = Assert.Single(import.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("the file is not UTF-8 (a byte on this line, 0xC3, is not valid UTF-8). Save or export it as UTF-8 and try again.", problem.Message);
    }

    [Fact]
    public void Read_Utf16WithByteOrderMark_IsStillRead()
    {
        var text = Header + "\r\ni1,c1,ana,q1,coding,3,2025-03-14\r\ni2,c\u00E9,ana,q1,coding,2,2025-03-15\r\n";

        var import = RatingsCsv.Read(new MemoryStream([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));

        Assert.True(import.Succeeded, string.Join("; ", import.Problems));
        Assert.Equal(["c1", "c\u00E9"], import.Ratings!.CandidateIds);
    }

    [Fact]
    public void Read_ValueLongerThanTheBuffer_IsReadWhole()
    {
        var longId = new string('q', 100_000);

        var import = RatingsCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes($"{Header}\ni1,c1,ana,\"{longId}\",coding,3,2025-03-14\ni2,c2,ana,q1,coding,3,2025-03-14\n")));

        var problem = Assert.Single(import.Problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("question_id is 100000 characters long", problem.Message, StringComparison.Ordinal);
    }

    private static string Shown(RatingsImport import) =>
        import.Succeeded
            ? string.Join("\n", Enumerable.Range(0, import.Ratings!.Count).Select(n => import.Ratings[n].ToString()))
            : string.Join("\n", import.Problems);

    private static List<string> Records(byte[] bytes, int bufferSize)
    {
        var reader = new CsvRecordReader(new MemoryStream(bytes), bufferSize);
        var records = new List<string>();
        while (reader.TryRead(out var line, out var error))
        {
            records.Add($"{line} | {error ?? string.Join(" | ", Enumerable.Range(0, reader.Count).Select(reader.Text))}");
        }

        return records;
    }
}
