namespace Withings.Sdk;

/// <summary>
/// Runs fetch plans: sends each planned request with the right user's token (or signed), follows
/// <c>more</c>/<c>offset</c> pages, runs follow-ups (the signal of each ECG and of each stethoscope recording), and returns the
/// data, raw and typed (a row that cannot be typed is kept raw in <see cref="FetchResult.UnreadRows"/>). Every request waits for the
/// application-wide rate limit and is retried on transient failures.
/// </summary>
public interface IWithingsDataClient
{
    /// <summary>
    /// Runs every request of a plan, in order, with each request's user's token from the
    /// <see cref="IWithingsTokenStore"/> (refreshed when needed). A failed request does not stop the others: its
    /// result carries the <see cref="FetchResult.Error"/>.
    /// </summary>
    /// <param name="plan">The plan, from <see cref="FetchPlanner"/>.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>One result per request, in the plan's order.</returns>
    Task<IReadOnlyList<FetchResult>> ExecuteAsync(FetchPlan plan, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs every request of a plan with the given access token (signed requests carry none), never refreshing it.
    /// A failed request does not stop the others: its result carries the <see cref="FetchResult.Error"/>.
    /// </summary>
    /// <param name="plan">The plan, from <see cref="FetchPlanner"/>.</param>
    /// <param name="accessToken">The access token to send, whoever the requests' user is.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>One result per request, in the plan's order.</returns>
    Task<IReadOnlyList<FetchResult>> ExecuteAsync(FetchPlan plan, string accessToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads on where a result stopped at <see cref="WithingsFetchOptions.MaxPages"/>: sends its request again from
    /// Withings' <see cref="FetchResult.NextOffset"/> (up to <see cref="WithingsFetchOptions.MaxPages"/> more pages,
    /// their follow-ups included), with its user's token, and returns the result with the new pages appended. A
    /// result with nothing left to read (complete, or failed) is returned as is.
    /// </summary>
    /// <param name="result">A result whose <see cref="FetchResult.NextOffset"/> says where to go on.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>
    /// The whole result so far: complete when <see cref="FetchResult.IsComplete"/>, else to continue again. When the
    /// new pages fail, it carries the <see cref="FetchResult.Error"/> beside the pages read before; continue
    /// <paramref name="result"/> again to retry.
    /// </returns>
    Task<FetchResult> ContinueAsync(FetchResult result, CancellationToken cancellationToken = default);

    /// <summary>Reads on where a result stopped, as <see cref="ContinueAsync(FetchResult, CancellationToken)"/> does, with the given access token.</summary>
    /// <param name="result">A result whose <see cref="FetchResult.NextOffset"/> says where to go on.</param>
    /// <param name="accessToken">The access token to send, whoever the request's user is.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The whole result so far, as <see cref="ContinueAsync(FetchResult, CancellationToken)"/> returns it.</returns>
    Task<FetchResult> ContinueAsync(FetchResult result, string accessToken, CancellationToken cancellationToken = default);

    /// <summary>Runs one request, all its pages, with its user's token from the <see cref="IWithingsTokenStore"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result; never one with an <see cref="FetchResult.Error"/>: the error is thrown instead.</returns>
    /// <exception cref="WithingsApiException">
    /// Withings refused the request, did not answer, sent rows not in the service's shape (the message and the inner
    /// <see cref="System.Text.Json.JsonException"/> name the field), or paged without advancing.
    /// </exception>
    /// <exception cref="InvalidOperationException">No token for the request's user, or a setting is missing.</exception>
    Task<FetchResult> ExecuteAsync(FetchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs one request, all its pages, with the given access token, never refreshing it.</summary>
    /// <param name="request">The request.</param>
    /// <param name="accessToken">The access token to send (signed requests carry none).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result; never one with an <see cref="FetchResult.Error"/>: the error is thrown instead.</returns>
    /// <exception cref="WithingsApiException">
    /// Withings refused the request, did not answer, sent rows not in the service's shape (the message and the inner
    /// <see cref="System.Text.Json.JsonException"/> name the field), or paged without advancing.
    /// </exception>
    /// <exception cref="InvalidOperationException">A setting needed for signing is missing.</exception>
    Task<FetchResult> ExecuteAsync(FetchRequest request, string accessToken, CancellationToken cancellationToken = default);
}
