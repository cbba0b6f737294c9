using System.Text;
using System.Text.Unicode;

namespace Rapport.Stats.Ratings;

/// <summary>
/// Reads RFC 4180 records one at a time from UTF-8 bytes: fields separated by commas, quoted with
/// double quotes when they contain commas, quotes (doubled) or line breaks; every field trimmed of
/// white space as <see cref="string.Trim()"/> does. Tracks the line each record starts on, so every
/// problem can name it. Fields are views of a reused buffer, valid until the next record: a row
/// costs no allocation, so ten million rows cost no ten million strings. Every byte read is checked
/// to be UTF-8; the first that is not stops the reading with its line.
/// </summary>
internal sealed class CsvRecordReader
{
    private const int FirstBufferSize = 1 << 16;

    /// <summary>char.IsWhiteSpace for each ASCII byte, so the common case trims without decoding.</summary>
    private static readonly bool[] AsciiWhiteSpace = [.. Enumerable.Range(0, 128).Select(b => char.IsWhiteSpace((char)b))];

    private readonly Stream stream;
    private readonly List<(bool InScratch, int Start, int Length)> fields = [];
    private byte[] buffer;
    private byte[] scratch = new byte[256];
    private int scratchLength;
    private int start;
    private int end;
    private long dropped;
    private bool streamEnded;
    private bool atEnd;
    private int line = 1;

    public CsvRecordReader(Stream stream, int bufferSize = FirstBufferSize)
    {
        this.stream = stream;
        buffer = new byte[Math.Max(4, bufferSize)];
        Fill();
        // A UTF-8 byte-order mark is not part of the header.
        if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
        {
            start = 3;
        }
    }

    /// <summary>Bytes of the stream read up to the end of the record read last.</summary>
    public long Consumed => dropped + start;

    /// <summary>The fields of the record read last.</summary>
    public int Count => fields.Count;

    /// <summary>Set when a byte is not UTF-8: the line it is on and the byte. Reading stops there.</summary>
    public (int Line, byte Byte)? NotUtf8 { get; private set; }

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (inScratch, at, length) = fields[index];
            return (inScratch ? scratch : buffer).AsSpan(at, length);
        }
    }

    /// <summary>The field as text (for messages and the header).</summary>
    public string Text(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>
    /// Reads the next record. Returns false at the end of the input, or when a byte is not UTF-8
    /// (<see cref="NotUtf8"/>). A malformed record sets <paramref name="error"/> and is skipped to
    /// its line's end.
    /// </summary>
    public bool TryRead(out int startLine, out string? error)
    {
        startLine = line;
        error = null;
        while (true)
        {
            if (atEnd || NotUtf8 is not null || (start == end && streamEnded))
            {
                atEnd = true;
                return false;
            }

            var data = buffer.AsSpan(start, end - start);
            var outcome = Parse(data, streamEnded, out var consumed, out var lines, out error);
            if (outcome == Outcome.NeedMore)
            {
                More();
                continue;
            }

            var record = data[..consumed];
            if (!Utf8.IsValid(record))
            {
                NotUtf8 = FirstInvalid(record);
                fields.Clear();
                atEnd = true;
                return false;
            }

            line += lines;
            start += consumed;
            if (outcome == Outcome.Last)
            {
                atEnd = true;
            }

            Trim();
            return true;
        }
    }

    private enum Outcome
    {
        Record,
        Last,
        NeedMore,
    }

    /// <summary>Parses one record from the start of <paramref name="data"/>; asks for more bytes when the record may go on past them.</summary>
    private Outcome Parse(ReadOnlySpan<byte> data, bool final, out int consumed, out int lines, out string? error)
    {
        fields.Clear();
        scratchLength = 0;
        consumed = 0;
        lines = 0;
        error = null;
        var pos = 0;
        while (true)
        {
            if (pos < data.Length && data[pos] == '"')
            {
                var opened = line + lines;
                pos++;
                var from = scratchLength;
                while (true)
                {
                    var rest = data[pos..];
                    var next = rest.IndexOfAny((byte)'"', (byte)'\r', (byte)'\n');
                    if (next < 0)
                    {
                        if (!final)
                        {
                            return Outcome.NeedMore;
                        }

                        error = $"A quoted value opened on line {opened} is never closed. Add the closing quote, or write a quote inside a value as two quotes (\"\").";
                        consumed = data.Length;
                        lines += CountLines(rest);
                        return Outcome.Last;
                    }

                    Append(rest[..next]);
                    pos += next;
                    var c = data[pos];
                    if (c == '"')
                    {
                        if (pos + 1 < data.Length && data[pos + 1] == '"')
                        {
                            Append("\""u8);
                            pos += 2;
                            continue;
                        }

                        if (pos + 1 >= data.Length && !final)
                        {
                            return Outcome.NeedMore;
                        }

                        pos++;
                        break;
                    }

                    if (c == '\r' && pos + 1 >= data.Length && !final)
                    {
                        return Outcome.NeedMore;
                    }

                    if (c == '\n' || pos + 1 >= data.Length || data[pos + 1] != '\n')
                    {
                        lines++;
                    }

                    Append(data.Slice(pos, 1));
                    pos++;
                }

                if (pos >= data.Length && !final)
                {
                    return Outcome.NeedMore;
                }

                if (pos < data.Length && data[pos] is not ((byte)',' or (byte)'\r' or (byte)'\n'))
                {
                    // Skip to the end of the line, then say what followed the closing quote.
                    var lineEnd = data[pos..].IndexOfAny((byte)'\r', (byte)'\n');
                    if (lineEnd < 0 && !final)
                    {
                        return Outcome.NeedMore;
                    }

                    var after = lineEnd < 0 ? data[pos..] : data.Slice(pos, lineEnd);
                    var shown = System.Text.Rune.DecodeFromUtf8(after, out var rune, out _) == System.Buffers.OperationStatus.Done ? rune.ToString() : "\uFFFD";
                    error = $"A quoted value is followed by '{shown}' before the next comma. Inside quotes, write a quote as two quotes (\"\"), and put nothing between the closing quote and the comma.";
                    if (lineEnd < 0)
                    {
                        consumed = data.Length;
                        return Outcome.Last;
                    }

                    pos += lineEnd;
                    return EndLine(data, pos, final, ref lines, out consumed);
                }

                fields.Add((true, from, scratchLength - from));
            }
            else
            {
                var length = data[pos..].IndexOfAny((byte)',', (byte)'\r', (byte)'\n');
                if (length < 0)
                {
                    if (!final)
                    {
                        return Outcome.NeedMore;
                    }

                    length = data.Length - pos;
                }

                fields.Add((false, start + pos, length));
                pos += length;
            }

            if (pos >= data.Length)
            {
                consumed = data.Length;
                return Outcome.Last;
            }

            if (data[pos] == ',')
            {
                pos++;
                continue;
            }

            return EndLine(data, pos, final, ref lines, out consumed);
        }
    }

    /// <summary>Ends a record at the line break at <paramref name="pos"/>: \r\n, \n or \r.</summary>
    private static Outcome EndLine(ReadOnlySpan<byte> data, int pos, bool final, ref int lines, out int consumed)
    {
        consumed = 0;
        if (data[pos] == '\r')
        {
            if (pos + 1 >= data.Length && !final)
            {
                return Outcome.NeedMore;
            }

            if (pos + 1 < data.Length && data[pos + 1] == '\n')
            {
                pos++;
            }
        }

        lines++;
        consumed = pos + 1;
        return Outcome.Record;
    }

    /// <summary>Line breaks as the records count them: \r\n, \n and a lone \r are one each.</summary>
    private static int CountLines(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.Length || bytes[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (scratchLength + bytes.Length > scratch.Length)
        {
            Array.Resize(ref scratch, Math.Max(scratch.Length * 2, scratchLength + bytes.Length));
        }

        bytes.CopyTo(scratch.AsSpan(scratchLength));
        scratchLength += bytes.Length;
    }

    /// <summary>Trims each field as <see cref="string.Trim()"/> would; ASCII ends without decoding.</summary>
    private void Trim()
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var (inScratch, at, length) = fields[i];
            var bytes = inScratch ? scratch : buffer;
            while (length > 0 && bytes[at] < 128 && AsciiWhiteSpace[bytes[at]])
            {
                at++;
                length--;
            }

            while (length > 0 && bytes[at + length - 1] < 128 && AsciiWhiteSpace[bytes[at + length - 1]])
            {
                length--;
            }

            if (length > 0 && (bytes[at] >= 128 || bytes[at + length - 1] >= 128))
            {
                // Non-ASCII at an end: it may be Unicode white space (no-break space, ideographic space).
                var text = Encoding.UTF8.GetString(bytes, at, length);
                var trimmed = text.Trim();
                if (trimmed.Length != text.Length)
                {
                    var from = scratchLength;
                    Append(Encoding.UTF8.GetBytes(trimmed));
                    fields[i] = (true, from, scratchLength - from);
                    continue;
                }
            }

            fields[i] = (inScratch, at, length);
        }
    }

    /// <summary>The line and value of the first byte that is not UTF-8 (lines counted by \n, as a text editor shows them).</summary>
    private (int Line, byte Byte) FirstInvalid(ReadOnlySpan<byte> record)
    {
        var offset = 0;
        while (offset < record.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(record[offset..], out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                break;
            }

            offset += used;
        }

        return (line + record[..offset].Count((byte)'\n'), record[Math.Min(offset, record.Length - 1)]);
    }

    /// <summary>Keeps the unread bytes at the start of the buffer (growing it for a record longer than it) and reads more.</summary>
    private void More()
    {
        if (start == 0)
        {
            // The record fills the buffer.
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            dropped += start;
            end -= start;
            start = 0;
        }

        Fill();
    }

    private void Fill()
    {
        // Room for at least one whole UTF-8 sequence per read.
        while (buffer.Length - end >= 4 && !streamEnded)
        {
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                streamEnded = true;
            }

            end += read;
        }
    }
}
