namespace Rapport.Sandbox.Isolation;

/// <summary>
/// The host directory bound at /box: the candidate's source and what the compiler made of it.
/// Read-only inside the sandbox while the program runs; removed when the run ends.
/// </summary>
internal sealed class RunDirectory : IDisposable
{
    private const UnixFileMode Readable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private RunDirectory(string path) => Path = path;

    public string Path { get; }

    /// <param name="host">Whose work directory it goes in.</param>
    /// <param name="kind">"box" for a run's own, "warmbox" for a prestarted sandbox's.</param>
    public static RunDirectory Create(SandboxHost host, string kind = "box")
    {
        var path = System.IO.Path.Join(host.WorkDirectory, SandboxHost.NextName(kind));
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return new RunDirectory(path);
    }

    public void Write(string fileName, byte[] content)
    {
        var path = System.IO.Path.Join(Path, fileName);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, Readable);
    }

    /// <summary>For a compile step that writes its output here (bounded by the file-size rlimit and the step's time).</summary>
    public void GiveTo(int uid) => Native.Chown(Path, uid, uid);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
