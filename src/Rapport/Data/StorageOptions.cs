using Rapport.Infrastructure;

namespace Rapport.Data;

/// <summary>Where Rapport keeps its data (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default, a file in the data directory) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Required for postgres; for sqlite it defaults to <c>DATA/rapport.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the server starts (the embedded default).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public string NormalizedProvider()
    {
        var provider = Provider.Trim().ToLowerInvariant();
        return provider switch
        {
            Sqlite => Sqlite,
            Postgres or "postgresql" or "npgsql" => Postgres,
            _ => throw new InvalidSettingException(
                $"{Section}:Provider",
                $"'{Provider}' is not a storage provider; use '{Sqlite}' (the default, an embedded file) or '{Postgres}'."),
        };
    }
}
