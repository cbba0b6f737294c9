using System.Diagnostics.Metrics;
using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The room log's writer is the one step every keystroke of a server goes through in turn; its
/// instruments tell an operator how busy it is: each commit's duration and size, each checkpoint's
/// duration, the time spent on both in all, and what waits for the next commit.
/// </summary>
public sealed class RoomLogWriterMetricsTests
{
    [Fact]
    public async Task EachCommitAndCheckpoint_IsMeasured_AndTheBusyTimeAddsThemUp()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        // A factory of its own, so that only this writer's instruments are heard (the app's writer has its own).
        await using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = metrics.GetRequiredService<IMeterFactory>();
        var heard = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == RoomLogWriter.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => { lock (heard) { heard.Add((i.Name, value)); } });
        listener.SetMeasurementEventCallback<int>((i, value, _, _) => { lock (heard) { heard.Add((i.Name, value)); } });
        listener.Start();

        await using (var writer = new RoomLogWriter(
            app.Services.GetRequiredService<IServiceScopeFactory>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<RoomLogWriter>.Instance, meters))
        {
            var (a, b) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);
            // Three events that commit together, then one alone: awaited in turn, so two commits.
            await writer.WriteAllAsync(a, [.. Enumerable.Range(0, 3).Select(_ => LoggedNotes.For(a, DateTimeOffset.UnixEpoch))]);
            await writer.WriteAsync(b, LoggedNotes.For(b, DateTimeOffset.UnixEpoch));

            // Idle for a second after writing, the writer copies the write-ahead log into the database
            // (SQLite). Read until one is heard and the busy time has it too (a reading can fall between
            // the two), so a busy time that leaves checkpoints out never settles and fails here.
            var (commits, checkpoints, busy) = await Eventually.ReadAsync(
                () =>
                {
                    listener.RecordObservableInstruments();
                    return Task.FromResult((
                        Heard(heard, "rapport.room_log.commit.duration"),
                        Heard(heard, "rapport.room_log.checkpoint.duration"),
                        Heard(heard, "rapport.room_log.busy_time").LastOrDefault()));
                },
                reading => reading.Item2.Count > 0 && Math.Abs(reading.Item1.Sum() + reading.Item2.Sum() - reading.Item3) < 1e-6,
                "a checkpoint once the writer fell idle, counted in the busy time");
            Assert.Equal([3.0, 1.0], Heard(heard, "rapport.room_log.commit.events"));
            Assert.Equal(2, commits.Count);
            Assert.All(commits.Concat(checkpoints), d => Assert.InRange(d, 1e-7, 60));
            Assert.InRange(busy, 1e-7, 60);
            Assert.Equal(0.0, Heard(heard, "rapport.room_log.waiting").Last());
        }
    }

    private static List<double> Heard(List<(string Instrument, double Value)> heard, string instrument)
    {
        lock (heard)
        {
            return [.. heard.Where(h => h.Instrument == instrument).Select(h => h.Value)];
        }
    }
}
