using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rapport.Infrastructure;

namespace Rapport.Data;

public static class StorageRegistration
{
    private const string ConnectionStringSetting = $"{StorageOptions.Section}:ConnectionString";

    /// <summary>Registers <see cref="AppDbContext"/> on the configured provider, or says which setting is wrong.</summary>
    public static IServiceCollection AddRapportStorage(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var options = Settings.Read<StorageOptions>(configuration, StorageOptions.Section);
        var provider = options.NormalizedProvider();
        services.AddSingleton(options);
        // Pooled contexts: every hub call gets one, and building one afresh (its options, its
        // internal services) was a measurable share of the server's work per keystroke in a room.
        if (provider == StorageOptions.Sqlite)
        {
            var connectionString = options.ConnectionString is { Length: > 0 } configured
                ? Validated(configured, s => new SqliteConnectionStringBuilder(s))
                : $"Data Source={Path.Combine(dataDirectory, "rapport.db")}";
            services.AddDbContextPool<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite(connectionString));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidSettingException(
                    ConnectionStringSetting,
                    "is required when Storage:Provider is postgres; set it like Host=127.0.0.1;Port=5432;Database=rapport;Username=rapport;Password=...");
            }

            var connectionString = Validated(options.ConnectionString, s => new NpgsqlConnectionStringBuilder(s));
            services.AddDbContextPool<AppDbContext, PostgresAppDbContext>(o => o.UseNpgsql(connectionString));
        }

        return services;
    }

    private static string Validated(string connectionString, Func<string, DbConnectionStringBuilder> parse)
    {
        try
        {
            parse(connectionString);
            return connectionString;
        }
        catch (ArgumentException e)
        {
            throw new InvalidSettingException(ConnectionStringSetting, $"is not a valid connection string ({e.Message}).", e);
        }
    }
}
