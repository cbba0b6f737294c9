using Microsoft.Data.Sqlite;
using Npgsql;

namespace Rapport.Data;

/// <summary>Whether a write was refused by a unique index, in either database's words.</summary>
public static class UniqueViolation
{
    /// <summary>SQLite's extended result code SQLITE_CONSTRAINT_UNIQUE.</summary>
    private const int SqliteConstraintUnique = 2067;

    public static bool Is(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
