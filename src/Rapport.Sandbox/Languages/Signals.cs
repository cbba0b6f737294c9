namespace Rapport.Sandbox.Languages;

/// <summary>What a crash signal means, in words a candidate can act on.</summary>
internal static class Signals
{
    public static string Name(int signal) => signal switch
    {
        4 => "illegal instruction",
        6 => "aborted",
        7 => "bus error",
        8 => "arithmetic error",
        9 => "killed",
        11 => "segmentation fault",
        24 => "CPU time limit",
        25 => "file size limit",
        _ => $"signal {signal}",
    };

    public static string Explain(int signal) => signal switch
    {
        6 => "The program aborted itself (a failed assert, an uncaught exception, or a detected memory corruption).",
        7 or 11 => "The program read or wrote memory it does not own: often an index past the end of an array or vector, a null or dangling pointer, or very deep recursion.",
        8 => "An arithmetic error: usually an integer division or modulo by zero.",
        9 => "The program was stopped from outside.",
        25 => "The program tried to write a file larger than allowed.",
        _ => $"The program was ended by signal {signal}.",
    };
}
