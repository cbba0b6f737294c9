using Rapport.Features.Rooms;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Rooms;

/// <summary>
/// The writer remembers each room's last sequence number so a keystroke asks the database
/// nothing, but only for so many rooms: past the bound it forgets and reads them again, and no
/// room's numbers skip or repeat for it.
/// </summary>
public sealed class RoomLogWriterMemoryTests
{
    [Fact]
    public async Task PastItsBound_TheWriterForgetsRoomsSequences_AndReadsThemAgain_WithoutSkippingOrRepeatingOne()
    {
        await using var app = await RapportTestApp.StartAsync();
        var world = await InterviewWorld.CreateAsync(app);
        await using var writer = new RoomLogWriter(app.Services.GetRequiredService<IServiceScopeFactory>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<RoomLogWriter>.Instance, app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>())
        {
            MaxRemembered = 1,
        };
        var (a, b) = (world.InterviewA.Interview.Id, world.InterviewB.Interview.Id);

        long[] sequences =
        [
            await WriteAsync(writer, a),
            await WriteAsync(writer, a),
            await WriteAsync(writer, b),  // two rooms: one more than the bound, so both are forgotten
            await WriteAsync(writer, a),
            await WriteAsync(writer, b),
            await WriteAsync(writer, a),
        ];

        Assert.Equal([1L, 2, 1, 3, 2, 4], sequences);
        Assert.Equal(1, writer.Remembered);
    }

    private static async Task<long> WriteAsync(RoomLogWriter writer, Guid interviewId) =>
        (await writer.WriteAsync(interviewId, LoggedNotes.For(interviewId, DateTimeOffset.UnixEpoch))).Sequence;
}
