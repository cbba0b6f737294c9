using System.CommandLine;
using Rapport.Features.Questions.Format;
using Rapport.Features.Questions.Storage;

namespace Rapport.Cli;

/// <summary><c>rapport bank validate|import|export DIR</c>: the question bank as reviewed files.</summary>
internal static class BankCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var bank = new Command("bank", "Validate, import and export the question bank (a folder of question and kit files).");
        bank.Subcommands.Add(Validate(output, error));
        bank.Subcommands.Add(Import(output, error));
        bank.Subcommands.Add(Export(output, error));
        return bank;
    }

    private static Argument<string> Folder(string description) => new("DIR") { Description = description };

    private static Command Validate(TextWriter output, TextWriter error)
    {
        var folder = Folder("The bank folder (holding questions/, kits/ and optionally signals.yaml and language-check.yaml).");
        var validate = new Command("validate", "Check every file; print each problem as file:line:column with how to fix it. Exit 1 on errors.") { folder };
        validate.SetAction(async (parsed, _) =>
        {
            var directory = parsed.GetValue(folder)!;
            var reading = BankFolder.Read(directory);
            await PrintProblemsAsync(reading, directory, error);
            if (reading.HasErrors)
            {
                return 1;
            }

            var bankRead = reading.Bank!;
            await output.WriteLineAsync($"{directory}: {bankRead.Questions.Count} question(s), {bankRead.Kits.Count} kit(s), {bankRead.Signals.Signals.Count} signal(s){(bankRead.LanguageCheck is { } list ? $", {list.Phrases.Count()} language-check phrase(s)" : "")}; no errors{(reading.Problems.Count > 0 ? $", {reading.Problems.Count} warning(s)" : "")}.");
            return 0;
        });
        return validate;
    }

    private static Command Import(TextWriter output, TextWriter error)
    {
        var folder = Folder("The bank folder to import.");
        var ifEmpty = new Option<bool>("--if-empty") { Description = "Import only when the bank in the database is empty (used by script/server for the starter bank)." };
        var import = new Command("import", "Import a bank folder: changed files become new versions, unchanged files nothing. All or nothing.") { folder, ifEmpty };
        import.SetAction((parsed, ct) => HostForCommand.RunAsync(
            error,
            async services =>
            {
                var directory = parsed.GetValue(folder)!;
                var reading = BankFolder.Read(directory);
                await PrintProblemsAsync(reading, directory, error);
                if (reading.HasErrors)
                {
                    await error.WriteLineAsync("rapport: nothing was imported; fix the errors above and import again.");
                    return 1;
                }

                await using var scope = services.CreateAsyncScope();
                var library = scope.ServiceProvider.GetRequiredService<BankLibrary>();
                if (parsed.GetValue(ifEmpty) && !await library.IsEmptyAsync(ct))
                {
                    await output.WriteLineAsync("The bank already has questions; nothing imported.");
                    return 0;
                }

                var outcome = await library.ImportAsync(reading.Bank!, "import", ct);
                await output.WriteLineAsync($"Imported {directory}: {outcome.NewVersions} new version(s), {outcome.Unchanged} unchanged.");
                return 0;
            },
            ct));
        return import;
    }

    private static Command Export(TextWriter output, TextWriter error)
    {
        var folder = Folder("The folder to write the bank to (created if missing; files of the same name are replaced).");
        var export = new Command("export", "Write the current version of every question, kit and the signal set to a folder.") { folder };
        export.SetAction((parsed, ct) => HostForCommand.RunAsync(
            error,
            async services =>
            {
                var directory = parsed.GetValue(folder)!;
                if (File.Exists(directory))
                {
                    await error.WriteLineAsync($"rapport: '{directory}' is a file; give the folder to write the bank to (it is created if missing).");
                    return 1;
                }

                await using var scope = services.CreateAsyncScope();
                try
                {
                    var written = await scope.ServiceProvider.GetRequiredService<BankLibrary>().ExportAsync(directory, ct);
                    await output.WriteLineAsync($"Wrote {written} file(s) to {directory}.");
                    return 0;
                }
                catch (BankExportException e)
                {
                    await error.WriteLineAsync($"rapport: {e.Message}");
                    return 1;
                }
            },
            ct));
        return export;
    }

    private static async Task PrintProblemsAsync(BankReading reading, string directory, TextWriter error)
    {
        foreach (var problem in reading.Problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line))
        {
            var path = problem.File.StartsWith('/') ? problem.File : Path.Combine(directory, problem.File);
            await error.WriteLineAsync((problem with { File = path }).ToString());
        }
    }
}
