using System.CommandLine;

namespace Rapport.Cli;

/// <summary>The <c>rapport</c> executable: <c>serve</c> (the default), <c>migrate</c>, <c>admin</c>, <c>doctor</c>.</summary>
public static class RapportCommandLine
{
    /// <summary>Exit code for a command line that could not be understood.</summary>
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("Rapport: technical interviews that are fair to candidates and kind to them.");
        root.Subcommands.Add(ServeCommand.Create(output, error));
        root.Subcommands.Add(MigrateCommand.Create(output, error));
        root.Subcommands.Add(AdminCommand.Create(output, error));
        root.Subcommands.Add(DoctorCommand.Create(output, error));
        root.Subcommands.Add(BankCommand.Create(output, error));
        root.Subcommands.Add(SandboxCommand.Create(output, error));
        root.Subcommands.Add(CalibrateCommand.Create(output, error));
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

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
