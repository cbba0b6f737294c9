namespace Rapport.Sandbox.Tests;

internal static class Verdicts
{
    /// <summary>Asserts the verdict and, when it differs, shows everything the run said.</summary>
    public static void AssertVerdict(Verdict expected, RunResult result) =>
        Assert.True(result.Verdict == expected,
            $"expected {expected}, got {result.Verdict}: {result.Message}\nexit {result.ExitCode} signal {result.Signal} cpu {result.CpuTime} wall {result.WallTime}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\noperator: {result.OperatorDetail}");
}
