namespace Rapport.Tests.Infrastructure;

/// <summary>
/// The storage providers every storage test runs on: SQLite always, PostgreSQL whenever
/// <c>script/test</c> has started a cluster and exported its admin connection string.
/// </summary>
public static class TestStorage
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Admin connection string of the throwaway cluster (set by script/test).</summary>
    public const string PostgresVariable = "RAPPORT_TEST_POSTGRES";

    /// <summary>Set by script/test so that a missing cluster fails the run instead of quietly shrinking it.</summary>
    public const string RequirePostgresVariable = "RAPPORT_TEST_REQUIRE_POSTGRES";

    public static string? PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static TheoryData<string> Providers
    {
        get
        {
            var providers = new TheoryData<string> { Sqlite };
            if (PostgresAdminConnectionString is not null)
            {
                providers.Add(Postgres);
            }

            return providers;
        }
    }
}
