using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Data;

namespace Rapport.Tests.Infrastructure;

/// <summary>
/// An empty database of one provider with no app around it, for tests that drive the migrations
/// themselves (migrate to an older one, put data in, migrate on). Dropped when disposed.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string provider;
    private readonly string connectionString;
    private readonly string? directory;
    private readonly string? postgresDatabase;

    private ScratchDatabase(string provider, string connectionString, string? directory, string? postgresDatabase)
    {
        this.provider = provider;
        this.connectionString = connectionString;
        this.directory = directory;
        this.postgresDatabase = postgresDatabase;
    }

    public static async Task<ScratchDatabase> CreateAsync(string provider)
    {
        if (provider == TestStorage.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("rapport-scratch-").FullName;
            return new(provider, $"Data Source={Path.Combine(directory, "rapport.db")}", directory, null);
        }

        var admin = TestStorage.PostgresAdminConnectionString
            ?? throw new InvalidOperationException($"{TestStorage.PostgresVariable} is not set; run the tests through script/test.");
        var database = $"rapport_scratch_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await create.ExecuteNonQueryAsync();
        return new(provider, new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, null, database);
    }

    /// <summary>A context of the provider's own class, so it sees that provider's migrations.</summary>
    public AppDbContext Context() => provider == TestStorage.Sqlite
        ? new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options)
        : new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(connectionString).Options);

    public async ValueTask DisposeAsync()
    {
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestStorage.PostgresAdminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
