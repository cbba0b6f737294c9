using Rapport.Features.Rooms;

namespace Rapport.Tests.Rooms;

/// <summary>A room's lock excludes, and exists only while someone holds it or waits for it.</summary>
public sealed class RoomLocksTests
{
    [Fact]
    public async Task ALock_IsLetGoWhenItsLastHolderAndWaiterAreDone_AndExcludesMeanwhile()
    {
        var locks = new RoomLocks();
        var room = Guid.NewGuid();

        var first = await locks.EnterAsync(room, CancellationToken.None);
        var second = locks.EnterAsync(room, CancellationToken.None);
        Assert.Null(locks.TryEnter(room));
        Assert.False(second.IsCompleted);
        Assert.Equal(1, locks.Count);

        first.Dispose();
        first.Dispose();  // a second release must not let a third caller in beside the second
        var held = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(locks.TryEnter(room));
        Assert.Equal(1, locks.Count);

        held.Dispose();
        Assert.Equal(0, locks.Count);
        using (locks.TryEnter(room) ?? throw new InvalidOperationException("a free room's lock was refused"))
        {
            Assert.Equal(1, locks.Count);
        }

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task AWaiterThatGivesUp_LeavesNothingBehind_AndTheNextOneStillGetsIn()
    {
        var locks = new RoomLocks();
        var room = Guid.NewGuid();
        var holder = await locks.EnterAsync(room, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();

        var waiting = locks.EnterAsync(room, giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.Dispose();

        Assert.Equal(0, locks.Count);
        (await locks.EnterAsync(room, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task ManyRoomsAtOnce_NeverTwoInsideOneRoom_AndNoLockIsLeftAfterwards()
    {
        var locks = new RoomLocks();
        var rooms = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var inside = new int[rooms.Length];
        var overlaps = 0;

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var r = i % rooms.Length;
            using (await locks.EnterAsync(rooms[r], CancellationToken.None))
            {
                if (Interlocked.Increment(ref inside[r]) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inside[r]);
            }
        })));

        Assert.Equal((0, 0), (overlaps, locks.Count));
    }
}
