using System.CommandLine;

namespace Rapport.Cli;

internal static class MigrateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var migrate = new Command("migrate", "Bring the database to the current schema, then exit.");
        migrate.SetAction((_, ct) => HostForCommand.RunAsync(
            error,
            async _ =>
            {
                await output.WriteLineAsync("The database is up to date.");
                return 0;
            },
            ct,
            migrate: true));
        return migrate;
    }
}
