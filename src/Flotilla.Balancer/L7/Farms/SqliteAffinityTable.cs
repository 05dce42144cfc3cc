using Microsoft.Data.Sqlite;

namespace Flotilla.Balancer.L7.Farms;

/// <summary>
/// The affinity table in one SQLite file shared by the router processes of a host.
/// <para>
/// WAL journal so readers never wait for a writer; every compare-and-set runs as one
/// <c>BEGIN IMMEDIATE</c> transaction (the write lock is taken before the read, so two processes
/// cannot both see "unpinned" and both win). Microsoft.Data.Sqlite retries a busy database for the
/// command timeout, which is how a second process waits its turn. Connections come from the
/// provider's pool, one per call, so the table is safe to use from any thread.
/// </para>
/// </summary>
public sealed class SqliteAffinityTable : IAffinityTable
{
    private readonly string _connectionString;

    private readonly string _path;
    private readonly Lazy<bool> _created;

    /// <summary>Nothing is opened here: a router whose farms never use host-name affinity never makes the file.</summary>
    public SqliteAffinityTable(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
        _created = new Lazy<bool>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The file, its folder (e.g. /run/flotilla-lb) and the table, at first use.</summary>
    private bool Create()
    {
        if (Path.GetDirectoryName(Path.GetFullPath(_path)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS host_affinity (
                cluster TEXT NOT NULL,
                host TEXT NOT NULL,
                destination TEXT NOT NULL,
                PRIMARY KEY (cluster, host)
            ) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
        return true;
    }

    public async ValueTask<string?> GetAsync(string clusterId, string host, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SelectAsync(connection, null, clusterId, host, cancellationToken);
    }

    public async ValueTask<string> CompareAndSetAsync(string clusterId, string host, string? expected, string proposed, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Not deferred: BEGIN IMMEDIATE takes the write lock before the read.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await SelectAsync(connection, transaction, clusterId, host, cancellationToken);
        if (current == expected)
        {
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT INTO host_affinity (cluster, host, destination) VALUES ($cluster, $host, $destination) ON CONFLICT (cluster, host) DO UPDATE SET destination = excluded.destination";
            write.Parameters.AddWithValue("$cluster", clusterId);
            write.Parameters.AddWithValue("$host", host);
            write.Parameters.AddWithValue("$destination", proposed);
            await write.ExecuteNonQueryAsync(cancellationToken);
            current = proposed;
        }

        await transaction.CommitAsync(cancellationToken);
        return current!;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _ = _created.Value;
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<string?> SelectAsync(SqliteConnection connection, SqliteTransaction? transaction, string clusterId, string host, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT destination FROM host_affinity WHERE cluster = $cluster AND host = $host";
        read.Parameters.AddWithValue("$cluster", clusterId);
        read.Parameters.AddWithValue("$host", host);
        return await read.ExecuteScalarAsync(cancellationToken) as string;
    }
}
