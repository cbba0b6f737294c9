using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Rapport.Data;

namespace Rapport.Features.Rooms;

/// <summary>
/// Writes room events with one INSERT statement per event in the writer's transaction, without EF
/// Core's change tracking (its snapshot, fix-up and command batching were most of a keystroke's
/// cost in the log). The statement and each value come from EF's own model: the table and column
/// names, and each column's type mapping with its converter (an enum as text, a Guid and a time as
/// each database stores them), so a row is what <c>SaveChanges</c> would have written on either
/// database (<c>RoomEventInsertTests</c> compares the two). The database gives the id back.
/// </summary>
public sealed class RoomEventInsert
{
    private readonly string sql;
    private readonly Column[] columns;

    private RoomEventInsert(string sql, Column[] columns) => (this.sql, this.columns) = (sql, columns);

    private sealed record Column(string Parameter, RelationalTypeMapping Mapping, Func<RoomEvent, object?> Value);

    public static RoomEventInsert For(AppDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(RoomEvent))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var helper = db.GetService<ISqlGenerationHelper>();
        var written = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();
        var columns = written.Select((p, i) => new Column(
            helper.GenerateParameterName($"p{i}"), p.GetRelationalTypeMapping(), Getter(p))).ToArray();
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;
        var sql = $"INSERT INTO {helper.DelimitIdentifier(table.Name, table.Schema)} "
            + $"({string.Join(", ", written.Select(p => helper.DelimitIdentifier(p.GetColumnName(table)!)))}) "
            + $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))}) RETURNING {helper.DelimitIdentifier(key)}";
        return new RoomEventInsert(sql, columns);
    }

    /// <summary>Inserts the events in order in <paramref name="transaction"/>, and sets each one's id.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IEnumerable<RoomEvent> events)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var entry in events)
        {
            command.Parameters.Clear();
            foreach (var column in columns)
            {
                // The type mapping applies the column's converter and parameter settings, as EF does for SaveChanges.
                command.Parameters.Add(column.Mapping.CreateParameter(command, column.Parameter, column.Value(entry), nullable: true));
            }

            entry.Id = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static Func<RoomEvent, object?> Getter(IProperty property)
    {
        var info = property.PropertyInfo ?? throw new InvalidOperationException($"RoomEvent.{property.Name} has no CLR property to read.");
        // Compiled once, so each keystroke's insert reads its columns as plain property reads, not by reflection.
        var entry = Expression.Parameter(typeof(RoomEvent), "entry");
        return Expression.Lambda<Func<RoomEvent, object?>>(Expression.Convert(Expression.Property(entry, info), typeof(object)), entry).Compile();
    }
}
