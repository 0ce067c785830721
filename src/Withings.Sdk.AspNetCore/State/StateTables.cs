namespace Withings.Sdk.AspNetCore;

/// <summary>Creates the <see cref="StateSchema"/> tables in the store file once, before the first use of any of them.</summary>
internal sealed class StateTables(ReceiverStore store)
{
    private readonly Lock _gate = new();
    private Task? _created;

    /// <summary>Completes once the tables exist; a failed attempt (a full disk) is tried again at the next call.</summary>
    public Task EnsureCreatedAsync()
    {
        lock (_gate)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = store.RunAsync(static session =>
                {
                    foreach (var statement in StateSchema.Statements)
                    {
                        session.Command(statement).ExecuteNonQuery();
                    }

                    return true;
                });
            }

            return _created;
        }
    }
}
