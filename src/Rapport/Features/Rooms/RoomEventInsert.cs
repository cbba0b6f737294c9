using System.Data.Common;
using System.Linq.Expressions;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Data;

namespace Rapport.Features.Rooms;

/// <summary>
/// Writes room events in the writer's transaction with multi-row INSERT statements, without EF
/// Core's change tracking (its snapshot, fix-up and command batching were most of a keystroke's
/// cost in the log). The statement and each value come from EF's own model: the table and column
/// names, and each column's type mapping with its converter (an enum as text, a Guid and a time as
/// each database stores them), so a row is what <c>SaveChanges</c> would have written on either
/// database (<c>RoomEventInsertTests</c> compares the two). The database gives the ids back.
/// <para>
/// A group's events go in statements of a few rows (64, 32, … 1 on PostgreSQL; 4, 2, 1 on SQLite):
/// a few statement shapes, each made once on the writer's connection (SQLite keeps it compiled)
/// with its parameters made once, whose values each group sets. On PostgreSQL each statement is a
/// round trip: one per event, the writer could not keep up with 500 typing rooms there. On SQLite,
/// binding looks each named parameter up along the statement's list of names, so a statement's
/// binding grows with the square of its rows: four rows a statement took 8–15 % less CPU per event
/// than one, eight or more took more (bench/README, "The insert, a few rows a statement").
/// </para>
/// </summary>
public sealed class RoomEventInsert : IDisposable
{
    /// <summary>The most rows one statement holds on PostgreSQL: 640 parameters, far under its limit.</summary>
    public const int MostRows = 64;

    /// <summary>The most rows one statement holds on SQLite, whose binding grows with the square of a statement's parameters.</summary>
    public const int MostRowsOnSqlite = 4;

    private readonly ISqlGenerationHelper helper;
    private readonly string table;
    private readonly string columnList;
    private readonly string returning;
    private readonly Column[] columns;
    private readonly int mostRows;
    private readonly Dictionary<int, DbCommand> statements = [];
    private DbConnection? madeOn;

    private RoomEventInsert(ISqlGenerationHelper helper, string table, string columnList, string returning, Column[] columns, int mostRows) =>
        (this.helper, this.table, this.columnList, this.returning, this.columns, this.mostRows) = (helper, table, columnList, returning, columns, mostRows);

    /// <summary>One written column: its type mapping (for the parameter's settings) and its value as the database stores it.</summary>
    private sealed record Column(RelationalTypeMapping Mapping, Func<RoomEvent, object> Stored);

    /// <summary>The insert for <paramref name="db"/>'s model; <paramref name="mostRows"/> other than the database's own only to measure (bench/roomlog).</summary>
    public static RoomEventInsert For(AppDbContext db, int? mostRows = null)
    {
        var most = mostRows ?? (db.Database.IsSqlite() ? MostRowsOnSqlite : MostRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(most, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(most, MostRows);
        var entity = db.Model.FindEntityType(typeof(RoomEvent))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var helper = db.GetService<ISqlGenerationHelper>();
        var written = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();
        var columns = written.Select(p => new Column(p.GetRelationalTypeMapping(), Stored(p))).ToArray();
        string Name(string property) => helper.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
        return new RoomEventInsert(
            helper,
            helper.DelimitIdentifier(table.Name, table.Schema),
            string.Join(", ", written.Select(p => helper.DelimitIdentifier(p.GetColumnName(table)!))),
            // Neither database promises RETURNING's rows in the order of VALUES: each row says which event it is.
            $"{Name(nameof(RoomEvent.Id))}, {Name(nameof(RoomEvent.InterviewId))}, {Name(nameof(RoomEvent.Sequence))}",
            columns,
            most);
    }

    /// <summary>Inserts the events in order in <paramref name="transaction"/>, and sets each one's id.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<RoomEvent> events)
    {
        if (!ReferenceEquals(connection, madeOn))
        {
            // The writer opened a new connection (after a failure): a command belongs to its connection.
            Dispose();
            madeOn = connection;
        }

        for (var start = 0; start < events.Count;)
        {
            // The largest power of two that fits: 7 events are statements of 4, 2 and 1 rows.
            var rows = Math.Min(mostRows, 1 << BitOperations.Log2((uint)(events.Count - start)));
            await InsertAsync(Statement(connection, rows), transaction, events, start, rows);
            start += rows;
        }
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values)
        {
            statement.Dispose();
        }

        statements.Clear();
        madeOn = null;
    }

    private async Task InsertAsync(DbCommand statement, DbTransaction transaction, IReadOnlyList<RoomEvent> events, int start, int rows)
    {
        statement.Transaction = transaction;
        var parameters = statement.Parameters;
        var byKey = new Dictionary<(Guid, long), RoomEvent>(rows);
        for (var row = 0; row < rows; row++)
        {
            var entry = events[start + row];
            byKey.Add((entry.InterviewId, entry.Sequence), entry);
            for (var c = 0; c < columns.Length; c++)
            {
                parameters[(row * columns.Length) + c].Value = columns[c].Stored(entry);
            }
        }

        await using (var reader = await statement.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = (reader.GetGuid(1), reader.GetInt64(2));
                if (!byKey.Remove(key, out var entry))
                {
                    throw new InvalidOperationException($"The room log's insert gave back a row it did not write: interview {key.Item1}, sequence {key.Item2}.");
                }

                entry.Id = reader.GetInt64(0);
            }
        }

        if (byKey.Count > 0)
        {
            throw new InvalidOperationException($"The room log's insert gave no id back for {byKey.Count} of {rows} events.");
        }
    }

    /// <summary>The statement for <paramref name="rows"/> rows, its parameters made once with each column's type mapping.</summary>
    private DbCommand Statement(DbConnection connection, int rows)
    {
        if (statements.TryGetValue(rows, out var statement))
        {
            return statement;
        }

        statement = connection.CreateCommand();
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var names = new string[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                names[c] = helper.GenerateParameterName($"p{(row * columns.Length) + c}");
                // The type mapping sets the parameter's type as EF does for SaveChanges; each group sets its value.
                statement.Parameters.Add(columns[c].Mapping.CreateParameter(statement, names[c], value: null, nullable: true));
            }

            values.Add($"({string.Join(", ", names)})");
        }

        statement.CommandText = $"INSERT INTO {table} ({columnList}) VALUES {string.Join(", ", values)} RETURNING {returning}";
        statements[rows] = statement;
        return statement;
    }

    /// <summary>
    /// The column's value as the database stores it: the property read (compiled once, not by
    /// reflection), then the mapping's converter as <c>SaveChanges</c> applies it, null as DBNull.
    /// </summary>
    private static Func<RoomEvent, object> Stored(IProperty property)
    {
        var info = property.PropertyInfo ?? throw new InvalidOperationException($"RoomEvent.{property.Name} has no CLR property to read.");
        var entry = Expression.Parameter(typeof(RoomEvent), "entry");
        var read = Expression.Lambda<Func<RoomEvent, object?>>(Expression.Convert(Expression.Property(entry, info), typeof(object)), entry).Compile();
        var converter = property.GetRelationalTypeMapping().Converter;
        return converter is null
            ? e => read(e) ?? DBNull.Value
            : e => read(e) is { } value ? converter.ConvertToProvider(value) ?? DBNull.Value : DBNull.Value;
    }
}
