using System.Text;

namespace Rapport.Infrastructure;

/// <summary>
/// Reads an uploaded or given text file as UTF-8 and nothing else: a byte that is not UTF-8 stops
/// the read with the line it is on, instead of becoming a replacement character that is stored
/// and shown as if the file had said it. A byte-order mark for UTF-16 or UTF-32 is still honoured.
/// </summary>
public static class StrictUtf8
{
    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Runs <paramref name="read"/> over the stream's text; when the stream holds bytes that are not
    /// UTF-8, returns <paramref name="notUtf8"/> of the line (from 1) and a message for it instead.
    /// </summary>
    public static T Read<T>(Stream stream, Func<TextReader, T> read, Func<int, string, T> notUtf8)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(notUtf8);
        using var lines = new LineCountingStream(stream);
        using var reader = new StreamReader(lines, Encoding, detectEncodingFromByteOrderMarks: true);
        try
        {
            return read(reader);
        }
        catch (DecoderFallbackException e)
        {
            var line = lines.LineOf(e.Index);
            return notUtf8(line, $"the file is not UTF-8 (a byte on this line, 0x{(e.BytesUnknown is { Length: > 0 } bytes ? bytes[0] : 0):X2}, is not valid UTF-8). Save or export it as UTF-8 and try again.");
        }
    }

    /// <summary>
    /// Counts the lines in the bytes it hands out, keeping the last block: the reader decodes one
    /// block at a time, and the decoder's error gives a position inside the block being decoded.
    /// </summary>
    private sealed class LineCountingStream(Stream inner) : Stream
    {
        private byte[] block = [];
        private int linesBeforeBlock;
        private int linesThroughBlock;

        public int LineOf(int indexInBlock)
        {
            var end = Math.Clamp(indexInBlock, 0, block.Length);
            return linesBeforeBlock + block.AsSpan(0, end).Count((byte)'\n') + 1;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            linesBeforeBlock = linesThroughBlock;
            block = buffer[..read].ToArray();
            linesThroughBlock += block.AsSpan().Count((byte)'\n');
            return read;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
