using System.Globalization;
using System.Text;

namespace Rapport.Stats.Ratings;

/// <summary>Turning one data row's UTF-8 fields into a rating, without a string unless something is new or wrong.</summary>
public static partial class RatingsCsv
{
    private sealed class RowReader(Header header, RatingScale scale, RatingSetBuilder builder, CandidateGroupColumn groups)
    {
        private readonly int interviewAt = header.At(InterviewId);
        private readonly int candidateAt = header.At(CandidateId);
        private readonly int interviewerAt = header.At(InterviewerId);
        private readonly int questionAt = header.At(QuestionId);
        private readonly int signalAt = header.At(Signal);
        private readonly int ratingAt = header.At(RatingColumn);
        private readonly int ratedAtAt = header.At(RatedAt);
        private readonly int groupAt = header.GroupAt;
        private readonly DecodedField interview = new();
        private readonly DecodedField candidate = new();
        private readonly DecodedField interviewer = new();
        private readonly DecodedField question = new();
        private readonly DecodedField signal = new();
        private readonly DecodedField group = new();

        public void Add(CsvRecordReader fields, int line)
        {
            if (fields.Count != header.Width)
            {
                builder.Problems.Add(line, null, $"The row has {fields.Count} values but the header has {header.Width} columns. Quote any value that contains a comma, and give every column a value (blank for an empty candidate_group).");
                return;
            }

            var problems = builder.Problems.Count;
            var value = 0;
            if (!int.TryParse(fields[ratingAt], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            {
                Header.AddRatingProblem(fields.Text(ratingAt), line, scale, builder.Problems);
            }

            var ratedAt = UtcTicks(fields[ratedAtAt]) ?? Header.ParseTime(fields.Text(ratedAtAt), line, builder.Problems);
            if (builder.Problems.Count > problems || ratedAt is not { } ticks)
            {
                return;
            }

            builder.Add(interview.Of(fields[interviewAt]), candidate.Of(fields[candidateAt]), interviewer.Of(fields[interviewerAt]), question.Of(fields[questionAt]), signal.Of(fields[signalAt]), value, ticks, line);
            if (groupAt >= 0 && fields[groupAt].Length > 0)
            {
                groups.Add(candidate.Of(fields[candidateAt]), group.Of(fields[groupAt]), line, builder);
            }
        }

        /// <summary>
        /// The two shapes nearly every export writes, 2025-03-14 and 2025-03-14T15:30:00Z, read
        /// digit by digit; anything else (or anything out of range) goes to the full parser, which
        /// reads these shapes to the same instant.
        /// </summary>
        private static long? UtcTicks(ReadOnlySpan<byte> text)
        {
            if (text.Length != 10 && !(text.Length == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == 'Z'))
            {
                return null;
            }

            if (text[4] != '-' || text[7] != '-'
                || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
                || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return null;
            }

            if (text.Length == 10)
            {
                return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks;
            }

            if (!Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second)
                || hour > 23 || minute > 59 || second > 59)
            {
                return null;
            }

            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
        }

        private static bool Digits(ReadOnlySpan<byte> text, out int value)
        {
            value = 0;
            foreach (var b in text)
            {
                if (b is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                value = (value * 10) + (b - '0');
            }

            return true;
        }
    }

    /// <summary>A field's text in a reused buffer: identifiers are looked up by their characters, and only a new one becomes a string.</summary>
    private sealed class DecodedField
    {
        private char[] chars = new char[64];

        public ReadOnlySpan<char> Of(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > chars.Length)
            {
                chars = new char[Math.Max(utf8.Length, chars.Length * 2)];
            }

            return chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
        }
    }

    /// <summary>The optional candidate_group column: one group per candidate, refused when a candidate is given two.</summary>
    private sealed class CandidateGroupColumn
    {
        private readonly Dictionary<string, (string Group, int Line)> groups = new(StringComparer.Ordinal);

        public void Add(ReadOnlySpan<char> candidateId, ReadOnlySpan<char> group, int line, RatingSetBuilder builder)
        {
            var lookup = groups.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(candidateId, out var known))
            {
                lookup[candidateId] = (group.ToString(), line);
            }
            else if (!group.SequenceEqual(known.Group))
            {
                builder.Problems.Add(line, CandidateGroup, $"Candidate '{candidateId}' is in group '{known.Group}' on line {known.Line} but in '{group}' here. A candidate self-identifies once: use the same group on every row, or leave it blank.");
            }
        }

        public CandidateGroups Groups() => new(groups.ToDictionary(pair => pair.Key, pair => pair.Value.Group, StringComparer.Ordinal));
    }

    /// <summary>What the reader's two streams share: read from start to end, once; no seeking, no writing.</summary>
    private abstract class ForwardOnlyStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public abstract override int Read(Span<byte> buffer);
    }

    /// <summary>A text reader's characters as UTF-8 bytes, so text and files share one parser.</summary>
    private sealed class TextAsUtf8Stream(TextReader reader) : ForwardOnlyStream
    {
        private readonly Encoder encoder = new UTF8Encoding(false).GetEncoder();
        private readonly char[] chars = new char[4096];
        private int charStart;
        private int charEnd;
        private bool readerEnded;

        public override int Read(Span<byte> buffer)
        {
            while (true)
            {
                if (charStart == charEnd && !readerEnded)
                {
                    charStart = 0;
                    charEnd = reader.Read(chars, 0, chars.Length);
                    readerEnded = charEnd == 0;
                }

                // Room for the longest UTF-8 sequence, or the encoder may make no progress.
                if (buffer.Length < 4)
                {
                    throw new ArgumentException("Read at least 4 bytes at a time.", nameof(buffer));
                }

                encoder.Convert(chars.AsSpan(charStart, charEnd - charStart), buffer, readerEnded, out var used, out var written, out _);
                charStart += used;
                if (written > 0 || readerEnded)
                {
                    return written;
                }
            }
        }

    }

    /// <summary>A stream whose first bytes were already read (to look for a byte-order mark).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : ForwardOnlyStream
    {
        private int served;

        public override int Read(Span<byte> buffer)
        {
            if (served < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - served);
                prefix.AsSpan(served, count).CopyTo(buffer);
                served += count;
                return count;
            }

            return rest.Read(buffer);
        }

    }
}
