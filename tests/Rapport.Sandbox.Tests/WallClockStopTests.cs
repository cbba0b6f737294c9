namespace Rapport.Sandbox.Tests;

/// <summary>
/// A wall-clock stop is judged by the processor time the run used in its last stretch. The figures
/// are measured ones (see <see cref="WallClockStop"/>): this machine at load average 41 on 2 cores.
/// </summary>
public sealed class WallClockStopTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Theory]
    // while True: pass under that load: 0.23 s of the last second. Its whole run had 0.44 s of 3 s.
    [InlineData(1.01, 0.230, StoppedWhile.ComputingOnABusyServer)]
    // The same loop on a quiet server has its processor.
    [InlineData(1.00, 0.990, StoppedWhile.Computing)]
    // Python's time.sleep and a blocking pipe read, Node's setTimeout: nothing in the last second.
    [InlineData(1.00, 0.000, StoppedWhile.Waiting)]
    // A poll loop sleeping 10 ms between checks: about 20 µs a turn.
    [InlineData(1.00, 0.002, StoppedWhile.Waiting)]
    // A loop on a server forty times oversubscribed still shows.
    [InlineData(1.00, 0.050, StoppedWhile.ComputingOnABusyServer)]
    public void LastStretch_DecidesWhatTheProgramWasDoing(double span, double cpu, StoppedWhile expected) =>
        Assert.Equal(expected, WallClockStop.Classify(S(span), S(cpu)));

    [Fact]
    public void LoopOnALoadedServer_IsToldItLooped_NotThatItSlept()
    {
        // Load average 41 on 2 cores, 5 s limit: the loop's whole run may get under a tenth of the
        // clock (0.44 s in 3 s here; less under more load), which the message once read as sleep.
        var message = CandidateMessages.WallTimeLimit(S(5), WallClockStop.Classify(S(1.01), S(0.230)));

        Assert.StartsWith("Your program was still running after 5 s and using all the processor time it could get, so we stopped it. This usually means a loop that never ends", message, StringComparison.Ordinal);
        Assert.EndsWith("(The server was busy, so it had less processor time than usual.)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("sleeping", message, StringComparison.Ordinal);
    }

    [Fact]
    public void SleeperWithAShortLimit_IsToldItWaited_WhateverItsStartCost()
    {
        // Python spent 0.10 s starting under load, a tenth of a 1 s limit, then slept: idle since.
        var message = CandidateMessages.WallTimeLimit(S(1), WallClockStop.Classify(S(0.5), S(0.0)));

        Assert.Contains("without using much processor time", message, StringComparison.Ordinal);
        Assert.EndsWith("Is it waiting for input that never comes, or sleeping?", message, StringComparison.Ordinal);
    }

    [Fact]
    public void BusyLoopWithItsProcessor_IsNotToldTheServerWasBusy() =>
        Assert.DoesNotContain("server was busy", CandidateMessages.WallTimeLimit(S(3), WallClockStop.Classify(S(1), S(0.97))), StringComparison.Ordinal);

    [Theory]
    [InlineData(5, 1)]
    [InlineData(1.5, 0.75)]
    [InlineData(0.2, 0.1)]
    public void Window_IsASecond_OrHalfAShortLimit(double limit, double window) =>
        Assert.Equal(S(window), WallClockStop.Window(S(limit)));

    [Fact]
    public void Readings_KeepExactlyTheLastStretch()
    {
        var recent = new Isolation.RecentProcessorUse(S(1));
        // Startup burns 0.4 s in the first half second, then the program sleeps for 2.5 s.
        for (var ms = 10; ms <= 3000; ms += 10)
        {
            recent.Add(TimeSpan.FromMilliseconds(ms), ms <= 500 ? TimeSpan.FromMilliseconds(ms * 0.8) : S(0.4));
        }

        var (span, cpu) = recent.Stretch;
        Assert.Equal((S(1), TimeSpan.Zero), (span, cpu));
        Assert.Equal(StoppedWhile.Waiting, WallClockStop.Classify(span, cpu));
    }

    [Fact]
    public void NothingMeasured_IsWaitingOnlyWhenNothingWasUsed()
    {
        Assert.Equal(StoppedWhile.Waiting, WallClockStop.Classify(TimeSpan.Zero, TimeSpan.Zero));
        Assert.Equal(StoppedWhile.ComputingOnABusyServer, WallClockStop.Classify(TimeSpan.Zero, S(0.01)));
    }
}
