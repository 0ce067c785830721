namespace Withings.Sdk.AspNetCore;

/// <summary>
/// The default <see cref="IWithingsTokenStore"/> with the receiver's durable store: each user's pair encrypted with
/// ASP.NET Core Data Protection (<see cref="TokenProtection"/>) in a table of the store file. A save returns once its
/// transaction is committed, so a refreshed pair is on disk before its access token is used.
/// </summary>
internal sealed class SqliteTokenStore : IWithingsUserTokenStore, IDisposable
{
    private const string SelectSql = "SELECT protected FROM withings_token_pairs WHERE user_id = $user";
    private const string UpsertSql = "INSERT INTO withings_token_pairs (user_id, protected) VALUES ($user, $protected) ON CONFLICT (user_id) DO UPDATE SET protected = excluded.protected";
    private const string UsersSql = "SELECT user_id FROM withings_token_pairs ORDER BY user_id";
    private const string DeleteSql = "DELETE FROM withings_token_pairs WHERE user_id = $user";

    private readonly ReceiverStore _store;
    private readonly TokenProtection _protection;

    public SqliteTokenStore(ReceiverStore store, IServiceProvider services)
    {
        _store = store;
        _protection = new TokenProtection(services, () => new SqliteXmlRepository(store), "the table withings_key_ring of " + store.Path);
    }

    public async Task<WithingsTokenPair?> GetAsync(long userId, CancellationToken cancellationToken)
    {
        var stored = await _store.RunAsync(session =>
        {
            var command = session.Command(SelectSql);
            command.Parameters.AddWithValue("$user", userId);
            return command.ExecuteScalar() as byte[];
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return stored is null ? null : _protection.Unprotect(userId, stored);
    }

    public async Task SaveAsync(WithingsTokenPair tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);

        // Encrypted here, off the store's writer: Data Protection may read or write its key ring through the writer.
        var protectedPair = _protection.Protect(tokens);
        cancellationToken.ThrowIfCancellationRequested();
        await _store.RunAsync(session =>
        {
            var command = session.Command(UpsertSql);
            command.Parameters.AddWithValue("$user", tokens.UserId);
            command.Parameters.AddWithValue("$protected", protectedPair);
            return command.ExecuteNonQuery();
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> GetUserIdsAsync(CancellationToken cancellationToken)
    {
        return await _store.RunAsync<IReadOnlyList<long>>(static session =>
        {
            var users = new List<long>();
            using var reader = session.Command(UsersSql).ExecuteReader();
            while (reader.Read())
            {
                users.Add(reader.GetInt64(0));
            }

            return users;
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(long userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _store.RunAsync(session =>
        {
            var command = session.Command(DeleteSql);
            command.Parameters.AddWithValue("$user", userId);
            return command.ExecuteNonQuery();
        }).ConfigureAwait(false);
    }

    public void Dispose() => _protection.Dispose();
}
