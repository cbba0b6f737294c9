using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rapport.Data;
using Rapport.Tests.Infrastructure;

namespace Rapport.Tests.Storage;

public sealed class MigrationTests
{
    public static TheoryData<string> Providers => TestStorage.Providers;

    [Fact]
    public void SqliteModel_HasNoChangesWithoutAMigration() =>
        AssertNoPendingChanges(new SqliteDesignTimeFactory());

    [Fact]
    public void PostgresModel_HasNoChangesWithoutAMigration() =>
        AssertNoPendingChanges(new PostgresDesignTimeFactory());

    [Fact]
    public void EachProvider_OwnsItsOwnMigrationSet()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);
        var sqliteMigrations = sqlite.Database.GetMigrations().ToList();
        var postgresMigrations = postgres.Database.GetMigrations().ToList();
        Assert.NotEmpty(sqliteMigrations);
        Assert.NotEmpty(postgresMigrations);
        Assert.Empty(sqliteMigrations.Intersect(postgresMigrations));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StartingTheApp_AppliesEveryMigration(string provider)
    {
        await using var app = await RapportTestApp.StartAsync(provider);
        var pending = await app.InScopeAsync(async services =>
            (await services.GetRequiredService<AppDbContext>().Database.GetPendingMigrationsAsync()).ToList());
        Assert.Empty(pending);
    }

    [Fact]
    public void PostgresLane_RunsWhenScriptTestAsksForIt()
    {
        // script/test starts a cluster and sets both variables; if the cluster did not come up,
        // this fails instead of letting half the storage tests vanish unnoticed.
        if (Environment.GetEnvironmentVariable(TestStorage.RequirePostgresVariable) == "1")
        {
            Assert.NotNull(TestStorage.PostgresAdminConnectionString);
        }
        else
        {
            Assert.Single(TestStorage.Providers);
        }
    }

    private static void AssertNoPendingChanges<TContext>(IDesignTimeDbContextFactory<TContext> factory)
        where TContext : DbContext
    {
        using var context = factory.CreateDbContext([]);
        Assert.False(
            context.Database.HasPendingModelChanges(),
            $"The model of {typeof(TContext).Name} has changes without a migration. Add one: dotnet ef migrations add NAME --project src/Rapport --context {typeof(TContext).Name} --output-dir Data/Migrations/{(typeof(TContext) == typeof(SqliteAppDbContext) ? "Sqlite" : "Postgres")}");
    }
}
