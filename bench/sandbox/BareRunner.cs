using System.Diagnostics;
using System.Text.Json;
using Rapport.Sandbox.CSharp;
using Rapport.Sandbox.Languages;

namespace Rapport.Sandbox.Bench;

/// <summary>
/// The same commands without any isolation, as the baseline, in the same cleared environment.
/// For C# the baseline is running the compiled program with plain `dotnet main.dll` (its compile
/// in a warm worker is a few milliseconds either way).
/// </summary>
internal sealed class BareRunner(string scratch, SandboxOptions options)
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = "/tmp",
        ["TMPDIR"] = "/tmp",
        ["LANG"] = "C.UTF-8",
        ["LC_ALL"] = "C.UTF-8",
        ["OPENBLAS_NUM_THREADS"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private bool csharpReady;

    public async Task<double> RunAsync(string language, string source)
    {
        switch (language)
        {
            case "python":
                await File.WriteAllTextAsync(Path.Join(scratch, "main.py"), source);
                return await TimeAsync(options.PythonPath, "-I", "-B", "-u", "main.py");
            case "javascript":
                await File.WriteAllTextAsync(Path.Join(scratch, "main.js"), source);
                return await TimeAsync(options.NodePath, "main.js");
            case "cpp":
                await File.WriteAllTextAsync(Path.Join(scratch, "main.cpp"), source);
                return await TimeAsync(options.GppPath, "-std=gnu++20", "-O2", "-pipe", "-Wall", "-o", "main", "main.cpp")
                    + await TimeAsync(Path.Join(scratch, "main"));
            case "csharp":
                if (!csharpReady)
                {
                    await CompileCSharpAsync(source);
                    csharpReady = true;
                }

                return await TimeAsync(options.DotnetPath, "main.dll");
            default:
                throw new ArgumentOutOfRangeException(nameof(language), language, null);
        }
    }

    private async Task<double> TimeAsync(string program, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program) { WorkingDirectory = scratch, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The sandbox's environment, not the host's: e.g. NODE_EXTRA_CA_CERTS alone costs node 30 ms.
        startInfo.Environment.Clear();
        foreach (var (name, value) in Environment)
        {
            startInfo.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, errors);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return process.ExitCode == 0 ? elapsed : throw new InvalidOperationException($"{program} failed: {await errors}");
    }

    /// <summary>The same Roslyn worker, started without the sandbox, compiles the program once; then it is run bare.</summary>
    private async Task CompileCSharpAsync(string source)
    {
        var startInfo = new ProcessStartInfo(options.DotnetPath) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(Path.Join(options.CSharpCompilerDirectory, CSharpCompilerWorker.EntryAssembly));
        using var worker = Process.Start(startInfo)!;
        await worker.StandardOutput.ReadLineAsync();  // hello
        await worker.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new CompileRequest(1, source), CompilerProtocolJson.Default.CompileRequest));
        await worker.StandardInput.FlushAsync();
        var response = JsonSerializer.Deserialize(await worker.StandardOutput.ReadLineAsync() ?? "", CompilerProtocolJson.Default.CompileResponse)!;
        worker.StandardInput.Close();
        await worker.WaitForExitAsync();

        await File.WriteAllBytesAsync(Path.Join(scratch, "main.dll"), Convert.FromBase64String(response.Assembly!));
        await File.WriteAllBytesAsync(Path.Join(scratch, "main.pdb"), Convert.FromBase64String(response.Pdb!));
        await File.WriteAllTextAsync(Path.Join(scratch, "main.runtimeconfig.json"), CSharpLanguage.RuntimeConfig);
    }
}
