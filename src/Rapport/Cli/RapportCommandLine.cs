using System.CommandLine;

namespace Rapport.Cli;

/// <summary>The <c>rapport</c> executable: <c>serve</c> (the default), <c>migrate</c>, <c>admin</c>, <c>doctor</c>.</summary>
public static class RapportCommandLine
{
    /// <summary>Exit code for a command line that could not be understood.</summary>
    public const int UsageError = 2;

    /// <summary>How long a command has to finish after Ctrl-C or SIGTERM: the web host's own shutdown window.</summary>
    public static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(30);

    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output (the console's by default).</param>
    /// <param name="error">Standard error (the console's by default).</param>
    /// <param name="terminal">Where progress lines go, or null for none; by default the console's standard error when both streams are a terminal.</param>
    /// <param name="time">The clock progress is timed by.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextWriter? terminal = null, TimeProvider? time = null)
    {
        // Progress is drawn only on a terminal, and only when the caller gave the console's own streams.
        terminal ??= output is null && error is null && ProgressLine.ConsoleIsTerminal ? Console.Error : null;
        time ??= TimeProvider.System;
        output ??= Console.Out;
        // Every message to the terminal shows the input it quotes escaped (TerminalWriter).
        error = new TerminalWriter(error ?? Console.Error);
        var root = new RootCommand("Rapport: technical interviews that are fair to candidates and kind to them.");
        root.Subcommands.Add(ServeCommand.Create(output, error));
        root.Subcommands.Add(MigrateCommand.Create(output, error));
        root.Subcommands.Add(AdminCommand.Create(output, error));
        root.Subcommands.Add(DoctorCommand.Create(output, error));
        root.Subcommands.Add(BankCommand.Create(output, error));
        root.Subcommands.Add(SandboxCommand.Create(output, error));
        root.Subcommands.Add(CalibrateCommand.Create(output, error, () => new ProgressLine(terminal ?? TextWriter.Null, terminal is not null, time)));
        root.Subcommands.Add(AgreementCommand.Create(output, error));
        root.Subcommands.Add(RatingsCommand.Create(output, error));
        root.SetAction((_, ct) => ServeCommand.RunAsync(new ServeSettings(null, null), output, error, ct));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One clear line, not a wall of usage text.
            var message = string.Join(' ', parsed.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await error.WriteLineAsync($"rapport: {message} (run 'rapport --help' for usage)");
            return UsageError;
        }

        try
        {
            // Ctrl-C cancels the command's token; the command then gets as long to finish as the web host
            // gives a graceful stop (30 s), not the library's default of 2 s, which cut a busy server's
            // stop short (room logs and the outbox mid-flush) and exited 130.
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = GracefulStop,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file or folder the command could not use: the message names it.
            await error.WriteLineAsync($"rapport: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One line, never a stack trace in the operator's terminal; the fault is ours to fix.
            await error.WriteLineAsync($"rapport: the command stopped on an unexpected {e.GetType().Name}: {e.Message} Nothing more was done. This is a fault in Rapport; please report it with the command you ran.");
            return 1;
        }
    }
}
