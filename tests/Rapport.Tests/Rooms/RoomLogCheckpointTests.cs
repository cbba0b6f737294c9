using System.Diagnostics;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// SQLite's write-ahead log starts again from its beginning after each checkpoint, even while
/// rooms never stop writing: it holds about a second of the log, not everything since the server
/// started (a checkpoint beside the writer never caught up with it, and the log grew by tens of MB a second).
/// </summary>
public sealed class RoomLogCheckpointTests
{
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3.5);

    [Fact]
    public async Task UnderWritingThatNeverPauses_TheWriteAheadLogStopsGrowing()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        var writer = app.Services.GetRequiredService<RoomLogWriter>();

        // Eight writers at once, so a group is always waiting when the last one commits: the writer never pauses.
        using var stop = new CancellationTokenSource();
        var rooms = new[] { world.InterviewA.Interview.Id, world.InterviewB.Interview.Id };
        var writing = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                await writer.WriteAsync(rooms[i % 2], LoggedNotes.For(rooms[i % 2], app.Time.GetUtcNow()));
                written++;
            }

            return written;
        })).ToList();

        // SQLite counts the log's restarts in its header (bytes 12-15, "checkpoint sequence number",
        // https://www.sqlite.org/fileformat.html#walformat): a log that grows without end never restarts.
        var wal = Path.Combine(app.DataDirectory, "rapport.db-wal");
        await Task.Delay(Warmup);
        var (restartsBefore, sizeBefore) = Header(wal);
        var clock = Stopwatch.StartNew();
        await Task.Delay(Window);
        var (restartsAfter, sizeAfter) = Header(wal);
        await stop.CancelAsync();
        var events = (await Task.WhenAll(writing)).Sum();

        Assert.True(events > 100, $"only {events} events were written: too few to tell");
        Assert.True(restartsAfter - restartsBefore >= 2, $"the write-ahead log restarted {restartsAfter - restartsBefore} times in {clock.Elapsed.TotalSeconds:0.0} s of writing that never paused ({events} events in all); it went from {sizeBefore:N0} to {sizeAfter:N0} bytes");
    }

    private static (uint Restarts, long Bytes) Header(string wal)
    {
        using var file = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        file.ReadExactly(header);
        return (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]), file.Length);
    }
}
