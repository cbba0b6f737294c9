using System.Globalization;
using Rapport.Stats;

namespace Rapport.Cli;

/// <summary>
/// One line on the terminal that says how far a long calibration has got: rewritten in place
/// (carriage return) at most a few times a second, shown only once the run has taken longer than
/// <see cref="ShowAfter"/>, and cleared at the end. Writes nothing at all when the output is not a
/// terminal: a piped or redirected run gets exactly the output it always did.
/// </summary>
internal sealed class ProgressLine(TextWriter terminal, bool isTerminal, TimeProvider time) : IProgress<CalibrationProgress>
{
    /// <summary>Runs shorter than this show no progress: it would only flicker.</summary>
    public static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly long started = time.GetTimestamp();
    private readonly Lock gate = new();
    private long lastDrawn;
    private int width;

    /// <summary>Whether stderr and stdout are both a terminal (neither redirected nor piped).</summary>
    public static bool ConsoleIsTerminal => !Console.IsErrorRedirected && !Console.IsOutputRedirected;

    public void Report(CalibrationProgress value)
    {
        if (!isTerminal)
        {
            return;
        }

        lock (gate)
        {
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(started, now) < ShowAfter || (width > 0 && time.GetElapsedTime(lastDrawn, now) < Interval && value.Phase != CalibrationPhase.Reports))
            {
                return;
            }

            lastDrawn = now;
            var text = Describe(value);
            terminal.Write("\r" + text.PadRight(width));
            terminal.Flush();
            width = text.Length;
        }
    }

    /// <summary>Clears the line, if one was shown, so what follows starts on a clean line.</summary>
    public void Clear()
    {
        lock (gate)
        {
            if (width > 0)
            {
                terminal.Write("\r" + new string(' ', width) + "\r");
                terminal.Flush();
                width = 0;
            }
        }
    }

    internal static string Describe(CalibrationProgress value) => value.Phase switch
    {
        CalibrationPhase.Reading when value.Total > 0 => string.Create(CultureInfo.InvariantCulture, $"Reading the ratings: {Math.Min(100, value.Done * 100 / value.Total)} % ({Megabytes(value.Done)} of {Megabytes(value.Total)})"),
        CalibrationPhase.Reading => $"Reading the ratings: {Megabytes(value.Done)}",
        CalibrationPhase.RaterModel => string.Create(CultureInfo.InvariantCulture, $"Fitting the rater model: sweep {value.Done}"),
        CalibrationPhase.CrossCheck => string.Create(CultureInfo.InvariantCulture, $"Fitting the cross-check model: iteration {value.Done}"),
        _ => "Writing the report",
    };

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0} MB");
}
