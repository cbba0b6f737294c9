using System.Diagnostics;

namespace Rapport.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>rapport</c> executable (built next to the tests) with its own data folder and environment.</summary>
public sealed class RapportProcess : IDisposable
{
    public RapportProcess() => DataDirectory = Directory.CreateTempSubdirectory("rapport-cli-").FullName;

    public string DataDirectory { get; }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "rapport");

    public ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what the test says: nothing from the test runner's own RAPPORT_ settings leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("RAPPORT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["RAPPORT_DATA"] = DataDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public async Task<ProcessResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, string? input = null)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    public void Dispose() => Directory.Delete(DataDirectory, recursive: true);
}
