using Microsoft.Data.Sqlite;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The writer's connection, inside the transaction the writer began with plain SQL. Commands are prepared once per SQL
/// text and reused: the same few statements run thousands of times a second.
/// </summary>
internal sealed class StoreSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, with no parameters yet.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
#pragma warning disable CA2100 // The SQL texts are this assembly's constants; values always go through parameters.
            command = connection.CreateCommand();
            command.CommandText = sql;
#pragma warning restore CA2100
            _commands.Add(sql, command);
        }

        command.Parameters.Clear();
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
