using Microsoft.Data.Sqlite;

namespace Flotilla.Store.Sqlite;

/// <summary>The SQL under the store's operations: rows of <c>kv</c>, <c>log</c> and <c>meta</c>. Runs under the gate.</summary>
public sealed partial class SqliteStore
{
    private StoreEntry? ReadEntry(string key)
    {
        using var select = Command("SELECT key, value, create_rev, mod_rev, version FROM kv WHERE key = $key", ("$key", key));
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadEntry(reader) : null;
    }

    private static StoreEntry ReadEntry(SqliteDataReader r) =>
        new(r.GetString(0), (byte[])r.GetValue(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));

    /// <summary>The next changes from <paramref name="from"/> on: up to 1000 revisions, never half of one transaction.</summary>
    private List<StoreEvent> ReadLog(string prefix, long from)
    {
        using var select = Command(
            "SELECT rev, kind, key, value FROM log WHERE rev >= $from AND substr(key, 1, length($prefix)) = $prefix " +
            "AND rev <= (SELECT max(rev) FROM (SELECT DISTINCT rev FROM log WHERE rev >= $from AND substr(key, 1, length($prefix)) = $prefix ORDER BY rev LIMIT 1000)) " +
            "ORDER BY rev, seq",
            ("$from", from), ("$prefix", prefix));
        using var reader = select.ExecuteReader();
        var events = new List<StoreEvent>();
        while (reader.Read())
        {
            events.Add(new StoreEvent((StoreEventKind)reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3), reader.GetInt64(0)));
        }
        return events;
    }

    private void Log(long revision, int seq, StoreEventKind kind, string key, byte[]? value)
    {
        using var insert = Command("INSERT INTO log (rev, seq, kind, key, value) VALUES ($rev, $seq, $kind, $key, $value)",
            ("$rev", revision), ("$seq", seq), ("$kind", (int)kind), ("$key", key), ("$value", (object?)value ?? DBNull.Value));
        insert.ExecuteNonQuery();
    }

    private long Meta(string name)
    {
        using var select = Command("SELECT value FROM meta WHERE name = $name", ("$name", name));
        return select.ExecuteScalar() is long value ? value : 0;
    }

    private void SetMeta(string name, long value)
    {
        using var upsert = Command("INSERT INTO meta (name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            ("$name", name), ("$value", value));
        upsert.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
