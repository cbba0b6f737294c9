namespace Rapport.Sandbox;

public enum Verdict
{
    /// <summary>The program ran to the end and exited with status 0; with tests, every test passed.</summary>
    Ok,

    /// <summary>The compiler rejected the code (or the compiler itself ran out of time or memory).</summary>
    CompileError,

    /// <summary>The program crashed, threw, or exited with a non-zero status.</summary>
    RuntimeError,

    /// <summary>The program used more CPU time than allowed (it was computing).</summary>
    CpuTimeLimit,

    /// <summary>The program ran longer than allowed by the clock; its message says whether it was waiting or computing (<see cref="WallClockStop"/>).</summary>
    WallTimeLimit,

    /// <summary>The kernel (or the language runtime) reported that the program ran out of its memory.</summary>
    MemoryLimit,

    /// <summary>The program printed more than the output cap; it was stopped and the output truncated.</summary>
    OutputLimit,

    /// <summary>The program ran, but at least one test failed.</summary>
    TestsFailed,

    /// <summary>The request was invalid (unknown language, empty or oversized source, bad limits); nothing ran.</summary>
    Rejected,

    /// <summary>Code cannot run on this server because isolation is not available; nothing ran.</summary>
    Unavailable,

    /// <summary>The sandbox itself failed to start the program; not the candidate's fault.</summary>
    SandboxError,

    /// <summary>The caller cancelled the run.</summary>
    Cancelled,

    /// <summary>Every worker is busy and the queue is full; nothing ran. See <see cref="RunResult.RetryAfter"/>.</summary>
    Busy,
}
