using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Storage;

/// <summary>File modes are a Unix matter; Rapport's tests run on Linux (the sandbox needs it anyway).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task AFreshDataFolder_AndItsDatabase_AreCreatedForTheirOwnerAlone()
    {
        var parent = Directory.CreateTempSubdirectory("rapport-modes-").FullName;
        try
        {
            var data = Path.Combine(parent, "data");
            await using (var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, $"--DATA={data}"))
            {
                Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
                Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "rapport.db")));
                // Write-ahead logging is on: SQLite gives its log the database's mode. The log
                // exists only while a connection is open, and other tests running alongside clear
                // every pool in the process, so hold a connection of our own while looking.
                await using var held = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "rapport.db")};Pooling=False");
                await held.OpenAsync();
                await using (var read = held.CreateCommand())
                {
                    read.CommandText = "SELECT count(*) FROM sqlite_master";
                    await read.ExecuteScalarAsync();
                }
                Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(data, "rapport.db-wal")));
            }
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task AnExistingDataFolder_KeepsTheModeItsAdminGaveIt()
    {
        var parent = Directory.CreateTempSubdirectory("rapport-modes-").FullName;
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(parent, "data"), OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute).FullName;
            await using (var app = await RapportTestApp.StartAsync(TestStorage.Sqlite, $"--DATA={data}"))
            {
                Assert.Equal(OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(data));
            }
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
