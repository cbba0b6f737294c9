using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Rapport.Sandbox.Isolation;

namespace Rapport.Sandbox.CSharp;

/// <summary>
/// The host's end of the long-lived C# compiler: a Roslyn process that runs in the sandbox like
/// any candidate program (its own unprivileged uid, cgroup, seccomp, no network, no writable
/// disk) and answers compile requests over stdin/stdout. Started on first use, restarted after
/// a compile that took too long, crashed it, or ran it out of memory.
/// </summary>
internal sealed class CSharpCompilerWorker(SandboxHost host, TimeProvider time) : IAsyncDisposable
{
    public const string EntryAssembly = "Rapport.Sandbox.CSharp.dll";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim gate = new(1, 1);
    private Running? running;
    private long nextId;

    public async Task<CompilerHello> HelloAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return (await EnsureStartedAsync()).Hello;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<WorkerCompileResult> CompileAsync(string source, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var worker = await EnsureStartedAsync();
            var started = time.GetTimestamp();
            var request = new CompileRequest(++nextId, source);
            await worker.Input.WriteLineAsync(JsonSerializer.Serialize(request, CompilerProtocolJson.Default.CompileRequest));
            await worker.Input.FlushAsync(cancellationToken);

            var reading = worker.Output.ReadLineAsync(CancellationToken.None).AsTask();
            await Task.WhenAny(reading, Task.Delay(host.Options.CSharpCompileTimeout, time, cancellationToken));
            var elapsed = time.GetElapsedTime(started);
            if (!reading.IsCompleted)
            {
                var timedOut = !cancellationToken.IsCancellationRequested;
                await StopAsync(graceful: false);  // busy compiling: it would not notice stdin closing
                cancellationToken.ThrowIfCancellationRequested();
                return new WorkerCompileResult(null, elapsed, timedOut
                    ? $"The compiler took longer than {host.Options.CSharpCompileTimeout.TotalSeconds:0} s on this code, so it was stopped."
                    : null);
            }

            var line = await reading;
            if (line is null)
            {
                var outOfMemory = worker.Cgroup.OomKills() > 0;
                await StopAsync(graceful: false);
                return new WorkerCompileResult(null, elapsed, outOfMemory
                    ? "The compiler ran out of memory on this code."
                    : "The compiler crashed on this code (very deep nesting can do that). Try simplifying the part you changed last.");
            }

            var response = JsonSerializer.Deserialize(line, CompilerProtocolJson.Default.CompileResponse)
                ?? throw new InvalidDataException("The C# compiler worker sent an empty response.");
            return response.Id == request.Id
                ? new WorkerCompileResult(response, elapsed, null)
                : throw new InvalidDataException($"The C# compiler worker answered request {response.Id} to request {request.Id}.");
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            await StopAsync(graceful: true);
        }
        finally
        {
            gate.Release();
            gate.Dispose();
        }
    }

    private async Task<Running> EnsureStartedAsync()
    {
        if (running is { Process.HasExited: false })
        {
            return running;
        }

        await StopAsync(graceful: false);
        var directory = host.Options.CSharpCompilerDirectory;
        if (!File.Exists(Path.Join(directory, EntryAssembly)))
        {
            throw new SandboxSetupException(
                $"The C# compiler worker is missing: {Path.Join(directory, EntryAssembly)} does not exist.",
                "Build rapport again (the worker is built from src/Rapport.Sandbox.CSharp), or set the sandbox's CSharpCompilerDirectory.");
        }

        var name = SandboxHost.NextName("csc");
        var statusFile = Path.Join(host.WorkDirectory, $"status-{name}.json");
        var limits = new StepLimits
        {
            MemoryBytes = host.Options.CSharpCompilerMemoryBytes,
            MaxProcesses = 128,
            OpenFiles = 1024,
            FileSizeBytes = RunLimits.MiB,
            TmpBytes = 16 * RunLimits.MiB,
        };
        var cgroup = host.Cgroups.Create(name, new CgroupLimits(limits.MemoryBytes, limits.MaxProcesses, 1));
        var command = new SandboxCommand
        {
            Arguments = [host.Options.DotnetPath, $"{SandboxPaths.Compiler}/{EntryAssembly}"],
            Environment = Languages.CSharpLanguage.RuntimeEnvironment(limits.MemoryBytes),
            Mounts = [new BindMount(directory, SandboxPaths.Compiler, Writable: false)],
            WorkingDirectory = "/tmp",
        };

        Process process;
        try
        {
            process = await ProcessStarter.StartAsync(host.Bubblewrap.StartInfo(command, limits, host.Options.CompilerUid, cgroup, statusFile));
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }

        var stderr = new CappedOutput(process.StandardError.BaseStream, 64 * 1024, OutputChannel.Stderr, null);
        var input = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)) { AutoFlush = false, NewLine = "\n" };
        var output = new StreamReader(process.StandardOutput.BaseStream, new UTF8Encoding(false));
        var candidate = new Running(process, cgroup, input, output, stderr, statusFile, null!);
        running = candidate;

        var reading = output.ReadLineAsync(CancellationToken.None).AsTask();
        await Task.WhenAny(reading, Task.Delay(StartTimeout, time, CancellationToken.None));
        var line = reading.IsCompleted ? await reading : null;
        var hello = line is null ? null : JsonSerializer.Deserialize(line, CompilerProtocolJson.Default.CompilerHello);
        if (hello is null)
        {
            await StopAsync(graceful: false);
            throw new SandboxSetupException(
                $"The C# compiler worker did not start in the sandbox: {stderr.Text().Trim()}",
                "Run `rapport sandbox check`; the .NET runtime must be installed under /usr (e.g. /usr/share/dotnet with /usr/bin/dotnet).");
        }

        running = candidate with { Hello = hello };
        return running;
    }

    /// <summary>Gracefully: close stdin and let the worker's read loop end. Either way its cgroup is then emptied and removed.</summary>
    private async Task StopAsync(bool graceful)
    {
        if (running is not { } worker)
        {
            return;
        }

        running = null;
        if (graceful)
        {
            try
            {
                worker.Input.Close();
            }
            catch (IOException)
            {
            }

            await Task.WhenAny(worker.Process.WaitForExitAsync(CancellationToken.None), Task.Delay(TimeSpan.FromSeconds(2), time, CancellationToken.None));
        }

        worker.Cgroup.KillAll(parentPid: worker.Process.Id);
        worker.Cgroup.Dispose();
        await worker.Process.WaitForExitAsync(CancellationToken.None);
        worker.Process.Dispose();
        if (File.Exists(worker.StatusFile))
        {
            File.Delete(worker.StatusFile);
        }
    }

    private sealed record Running(
        Process Process,
        RunCgroup Cgroup,
        StreamWriter Input,
        StreamReader Output,
        CappedOutput Stderr,
        string StatusFile,
        CompilerHello Hello);
}

/// <summary>A response, or (when the compiler itself failed) a message for the candidate.</summary>
internal sealed record WorkerCompileResult(CompileResponse? Response, TimeSpan Elapsed, string? Problem);
