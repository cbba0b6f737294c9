using System.Buffers;
using System.Text;

namespace Rapport.Sandbox.Isolation;

/// <summary>
/// Drains one output pipe of a running program: keeps the first <c>cap</c> bytes, streams them
/// as text while they arrive, and notes when the program printed more (it is then stopped).
/// Draining continues past the cap so the program never blocks on a full pipe.
/// </summary>
internal sealed class CappedOutput
{
    private readonly ArrayBufferWriter<byte> kept = new();
    private readonly int cap;
    private readonly OutputChannel channel;
    private readonly IProgress<OutputChunk>? progress;
    private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
    private long total;

    public CappedOutput(Stream source, int cap, OutputChannel channel, IProgress<OutputChunk>? progress)
    {
        this.cap = cap;
        this.channel = channel;
        this.progress = progress;
        Completion = DrainAsync(source);
    }

    public Task Completion { get; }

    public bool Overflowed => Interlocked.Read(ref total) > cap;

    public string Text()
    {
        lock (kept)
        {
            return Encoding.UTF8.GetString(kept.WrittenSpan);
        }
    }

    private async Task DrainAsync(Stream source)
    {
        var buffer = new byte[16 * 1024];
        var chars = new char[buffer.Length + 4];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                var room = (int)Math.Max(0, cap - Interlocked.Read(ref total));
                Interlocked.Add(ref total, read);
                var keep = Math.Min(room, read);
                if (keep == 0)
                {
                    continue;
                }

                lock (kept)
                {
                    kept.Write(buffer.AsSpan(0, keep));
                }

                if (progress is not null)
                {
                    var count = decoder.GetChars(buffer, 0, keep, chars, 0, flush: false);
                    if (count > 0)
                    {
                        progress.Report(new OutputChunk(channel, new string(chars, 0, count)));
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke because everything on the other end was killed: the output ends here.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
