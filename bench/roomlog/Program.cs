using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rapport.Data;
using Rapport.Features.Rooms;

// Usage (build Release first, see bench/README.md, "The room log alone"):
//   dotnet artifacts/bin/Rapport.RoomLog.Bench/release/Rapport.RoomLog.Bench.dll --rooms 500 --group 40 --commits 2000 --rounds 4
//     [--variants as-built,one-row,rows-8,fence-index,pages-1k,cache-32m] [--rapport artifacts/bin/Rapport/release/rapport]
//
// The room log as the server's writer uses it, without the server around it: a database made by
// `rapport migrate` (the real schema and indexes), one connection with automatic checkpoints off,
// and groups of pad updates from rooms picked at random, each group one transaction written by the
// server's own RoomEventInsert and a durable commit, with a checkpoint every second
// of commits. Each variant changes one thing (the database or the insert); variants take turns, round after
// round, each on a fresh database, and the medians over rounds are printed.
var options = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
int Option(string name, int fallback) => int.Parse(options.GetValueOrDefault(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var rooms = Option("--rooms", 500);
var group = Option("--group", 40);
var commits = Option("--commits", 2000);
var rounds = Option("--rounds", 4);
var variants = (options.GetValueOrDefault("--variants") ?? "as-built,fence-index").Split(',');
var rapport = Path.GetFullPath(options.GetValueOrDefault("--rapport") ?? Path.Combine(RepositoryRoot(), "artifacts/bin/Rapport/release/rapport"));
if (!File.Exists(rapport))
{
    Console.Error.WriteLine($"No server at {rapport}: build it first (dotnet build src/Rapport -c Release) or pass --rapport PATH.");
    return 1;
}

if (variants.FirstOrDefault(v => v is not ("as-built" or "one-row" or "fence-index" or "pages-1k" or "cache-32m") && !v.StartsWith("rows-", StringComparison.Ordinal)) is { } unknown)
{
    Console.Error.WriteLine($"--variants: '{unknown}' is not one of as-built, one-row, rows-N, fence-index, pages-1k, cache-32m.");
    return 1;
}

Console.WriteLine($"# Rapport room log benchmark: {rooms} rooms, groups of {group} events, {commits} commits a round, {rounds} rounds; {Environment.ProcessorCount} cores");
Console.WriteLine("#   as-built: the schema and the insert as built; one-row, rows-N: 1 or N rows an INSERT statement at most; fence-index: with the unique (InterviewId, Type, PadVersion) index PostgreSQL keeps;");
Console.WriteLine("#   pages-1k: pages of 1 KiB instead of 4; cache-32m: a page cache of 32 MiB instead of SQLite's 2 MB");
var results = variants.ToDictionary(v => v, _ => new List<Round>());
for (var round = 0; round < rounds; round++)
{
    foreach (var variant in round % 2 == 0 ? variants : variants.Reverse())
    {
        results[variant].Add(await RunAsync(variant, round));
    }
}

Console.WriteLine();
Console.WriteLine("| variant | insert, per event | commit (WAL and flush), per commit | CPU per event | rounds |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (variant, done) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {variant} | {Median(done.Select(r => r.InsertMicroseconds)):F1} µs | {Median(done.Select(r => r.CommitMilliseconds)):F2} ms | {Median(done.Select(r => r.CpuMicroseconds)):F1} µs | {done.Count} |"));
}

return 0;

async Task<Round> RunAsync(string variant, int round)
{
    var folder = Directory.CreateTempSubdirectory("rapport-roomlog-bench-").FullName;
    try
    {
        await MigrateAsync(folder);
        var file = Path.Combine(folder, "rapport.db");
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA foreign_keys=OFF;");  // the rooms' interviews are not made; nothing else differs
        if (variant == "pages-1k")
        {
            Execute(connection, "PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM;");
        }

        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;");
        if (variant == "fence-index")
        {
            // What SQLite's log had before its writer fenced pad versions itself, and PostgreSQL's still has (ADR 16).
            if (Scalar(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'IX_RoomEvents_InterviewId_Type_PadVersion'") is not null)
            {
                throw new InvalidOperationException("This schema already has the fence's index: run a server built after it left SQLite.");
            }

            Execute(connection, "CREATE UNIQUE INDEX \"IX_RoomEvents_InterviewId_Type_PadVersion\" ON \"RoomEvents\" (\"InterviewId\", \"Type\", \"PadVersion\");");
        }

        if (variant == "cache-32m")
        {
            Execute(connection, "PRAGMA cache_size=-32768;");
        }

        return await WriteAsync(connection, new Random(round), variant == "one-row" ? 1 : variant.StartsWith("rows-", StringComparison.Ordinal) ? int.Parse(variant[5..], CultureInfo.InvariantCulture) : (int?)null);
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

async Task<Round> WriteAsync(SqliteConnection connection, Random random, int? rowsPerStatement)
{
    var interviews = Enumerable.Range(0, rooms).Select(_ => Guid.NewGuid()).ToArray();
    var sequences = new long[rooms];
    // The server's own insert, on the model of the server's own context.
    await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connection).Options);
    using var insert = RoomEventInsert.For(db, rowsPerStatement);
    var (insertTicks, commitTicks) = (0L, 0L);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var lastCheckpoint = Stopwatch.GetTimestamp();
    var events = new RoomEvent[group];
    for (var c = 0; c < commits; c++)
    {
        var started = Stopwatch.GetTimestamp();
        using var transaction = connection.BeginTransaction();
        for (var e = 0; e < group; e++)
        {
            var room = random.Next(rooms);
            var sequence = ++sequences[room];
            events[e] = new RoomEvent
            {
                InterviewId = interviews[room],
                Sequence = sequence,
                Type = "pad-updated",
                SchemaVersion = 1,
                Payload = $$"""{"version":{{sequence - 1}},"clientId":"k3j9x2","changes":[{{sequence}},[0,"a"]]}""",
                At = TimeProvider.System.GetUtcNow(),
                Audience = RoomAudience.Everyone,
                Actor = RoomActor.Candidate,
                PadVersion = (int)sequence - 1,
            };
        }

        await insert.InsertAsync(connection, transaction, events);
        var inserted = Stopwatch.GetTimestamp();
        transaction.Commit();
        insertTicks += inserted - started;
        commitTicks += Stopwatch.GetTimestamp() - inserted;
        if (Stopwatch.GetElapsedTime(lastCheckpoint).TotalSeconds >= 1)
        {
            // As the writer does between two groups, about once a second.
            Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
            lastCheckpoint = Stopwatch.GetTimestamp();
        }
    }

    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var total = (double)commits * group;
    return new Round(
        Stopwatch.GetElapsedTime(0, insertTicks).TotalMicroseconds / total,
        Stopwatch.GetElapsedTime(0, commitTicks).TotalMilliseconds / commits,
        cpu.TotalMicroseconds / total);
}

async Task MigrateAsync(string folder)
{
    var start = new ProcessStartInfo(rapport, ["migrate"]) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("RAPPORT_", StringComparison.Ordinal)).ToList())
    {
        start.Environment.Remove(key);
    }

    start.Environment["RAPPORT_DATA"] = folder;
    using var migrate = Process.Start(start)!;
    var output = migrate.StandardOutput.ReadToEndAsync();
    var error = migrate.StandardError.ReadToEndAsync();
    await migrate.WaitForExitAsync();
    if (migrate.ExitCode != 0)
    {
        throw new InvalidOperationException($"rapport migrate failed ({migrate.ExitCode}): {await error}{await output}");
    }
}

static void Execute(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

static string? Scalar(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return command.ExecuteScalar() as string;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Rapport.slnx")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

internal sealed record Round(double InsertMicroseconds, double CommitMilliseconds, double CpuMicroseconds);
