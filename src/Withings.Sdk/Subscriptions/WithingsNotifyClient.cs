using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// The Withings Notify service client: <c>POST {ApiBaseAddress}/notify</c> with a form body, <c>action</c> first,
/// and the user's token in <c>Authorization: Bearer</c>. Transient failures are retried (see
/// <see cref="WithingsRetryOptions"/>). Thread-safe; registered by <c>AddWithingsNotifications()</c> as a typed
/// <see cref="HttpClient"/> client.
/// </summary>
public sealed class WithingsNotifyClient : IWithingsNotifyClient
{
    /// <summary>The comment sent with <c>subscribe</c> when the caller gives none (Withings expects one).</summary>
    public const string DefaultComment = "Withings.Sdk";

    private const string Path = "notify";

    private readonly WithingsHttpTransport _transport;
    private readonly Func<WithingsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a client with the default options (<see cref="WithingsOptions"/>) and the system clock.</summary>
    /// <param name="httpClient">The client requests go through; keep it for the application's lifetime.</param>
    public WithingsNotifyClient(HttpClient httpClient)
        : this(httpClient, new FixedOptionsMonitor(new WithingsOptions()))
    {
    }

    /// <summary>Creates a client; dependency injection uses this constructor.</summary>
    /// <param name="httpClient">The client requests go through.</param>
    /// <param name="options">The options, read at each call so that reloaded settings apply.</param>
    /// <param name="timeProvider">The clock backoff delays wait on; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">The logger; it never receives a token.</param>
    public WithingsNotifyClient(HttpClient httpClient, IOptionsMonitor<WithingsOptions> options, TimeProvider? timeProvider = null, ILogger<WithingsNotifyClient>? logger = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        _options = () => options.CurrentValue;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new WithingsHttpTransport(httpClient, _options, _timeProvider, _logger);
    }

    // For tests: a chosen jitter makes backoff delays exact, a fake clock makes spacing exact.
    internal WithingsNotifyClient(WithingsHttpTransport transport, Func<WithingsOptions> options, TimeProvider? timeProvider = null)
    {
        _transport = transport;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async Task SubscribeAsync(string accessToken, Uri callbackUrl, NotificationCategory appli, string? comment = null, CancellationToken cancellationToken = default)
    {
        CheckToken(accessToken);
        CheckNewCallbackUrl(callbackUrl, nameof(callbackUrl), "callbackUrl");
        var form = new List<KeyValuePair<string, string>>
        {
            new("action", "subscribe"),
            new("callbackurl", callbackUrl.OriginalString),
            new("appli", Format(appli)),
            new("comment", string.IsNullOrEmpty(comment) ? DefaultComment : comment!),
        };
        await _transport.SendAsync(Path, form, accessToken, "notify/subscribe", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<NotifySubscription> GetAsync(string accessToken, Uri callbackUrl, NotificationCategory? appli = null, CancellationToken cancellationToken = default)
    {
        CheckToken(accessToken);
        CheckCallbackUrl(callbackUrl, nameof(callbackUrl));
        var form = new List<KeyValuePair<string, string>> { new("action", "get"), new("callbackurl", callbackUrl.OriginalString) };
        AddAppli(form, appli);
        var body = await _transport.SendAsync(Path, form, accessToken, "notify/get", cancellationToken).ConfigureAwait(false);

        // Withings reads an absent appli as 1 (its API reference, Notify - Get; docs/withings-api.md §2).
        return NotifyResponseReader.ReadSubscription(body, appli ?? NotificationCategory.Weight);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NotifySubscription>> ListAsync(string accessToken, NotificationCategory? appli = null, CancellationToken cancellationToken = default)
    {
        CheckToken(accessToken);
        var form = new List<KeyValuePair<string, string>> { new("action", "list") };
        AddAppli(form, appli);
        var body = await _transport.SendAsync(Path, form, accessToken, "notify/list", cancellationToken).ConfigureAwait(false);
        return NotifyResponseReader.ReadProfiles(body);
    }

    /// <inheritdoc/>
    public async Task UpdateAsync(string accessToken, Uri callbackUrl, NotificationCategory appli, NotifyUpdate change, CancellationToken cancellationToken = default)
    {
        CheckToken(accessToken);
        CheckCallbackUrl(callbackUrl, nameof(callbackUrl));
        if (change is null)
        {
            throw new ArgumentNullException(nameof(change));
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("action", "update"),
            new("callbackurl", callbackUrl.OriginalString),
            new("appli", Format(appli)),
        };
        if (change.NewCallbackUrl is not null)
        {
            CheckNewCallbackUrl(change.NewCallbackUrl, nameof(change), "change: the new callback URL");
            form.Add(new("new_callbackurl", change.NewCallbackUrl.OriginalString));
        }
        else if (change.NewAppli is NotificationCategory newAppli)
        {
            form.Add(new("new_appli", Format(newAppli)));
        }
        else
        {
            form.Add(new("comment", change.Comment!));
        }

        await _transport.SendAsync(Path, form, accessToken, "notify/update", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RevokeAsync(string accessToken, Uri callbackUrl, NotificationCategory? appli = null, CancellationToken cancellationToken = default)
    {
        CheckToken(accessToken);
        CheckCallbackUrl(callbackUrl, nameof(callbackUrl));
        var form = new List<KeyValuePair<string, string>> { new("action", "revoke"), new("callbackurl", callbackUrl.OriginalString) };
        AddAppli(form, appli);
        await _transport.SendAsync(Path, form, accessToken, "notify/revoke", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<SubscriptionEnsureResult> EnsureSubscriptionsAsync(string accessToken, Uri callbackUrl, IEnumerable<NotificationCategory> categories, bool prune = false, string? comment = null, CancellationToken cancellationToken = default)
    {
        CheckToken(accessToken);
        CheckNewCallbackUrl(callbackUrl, nameof(callbackUrl), "callbackUrl");
        if (categories is null)
        {
            throw new ArgumentNullException(nameof(categories));
        }

        var wanted = categories.Distinct().ToList();
        if (wanted.Contains(NotificationCategory.NoAccountAssociated))
        {
            throw new ArgumentException("categories: appli 53 is subscribed once per application, not per user; use SubscribeNoAccountAssociatedAsync", nameof(categories));
        }

        var ensurer = new SubscriptionEnsurer(this, _options().Notify, _timeProvider, _logger);
        return ensurer.EnsureAsync(accessToken, callbackUrl, wanted, prune, comment, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task SubscribeNoAccountAssociatedAsync(Uri callbackUrl, string? comment = null, CancellationToken cancellationToken = default)
    {
        CheckNewCallbackUrl(callbackUrl, nameof(callbackUrl), "callbackUrl");
        var form = new List<KeyValuePair<string, string>>
        {
            new("action", "subscribe"),
            new("callbackurl", callbackUrl.OriginalString),
            new("appli", Format(NotificationCategory.NoAccountAssociated)),
            new("comment", string.IsNullOrEmpty(comment) ? DefaultComment : comment!),
        };
        var signer = new RequestSigner(_transport, _timeProvider);
        await signer.SendSignedAsync(Path, form, "notify/subscribe", cancellationToken).ConfigureAwait(false);
    }

    private static void CheckToken(string accessToken)
    {
        // The message never shows the token, only that it is unusable.
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            throw new ArgumentException("accessToken: empty; pass the user's OAuth access token", nameof(accessToken));
        }
    }

    // URLs that name an existing subscription are sent as given: Withings may hold subscriptions made under older,
    // looser rules (http callbacks), and those must stay revocable.
    private static void CheckCallbackUrl(Uri callbackUrl, string paramName)
    {
        if (callbackUrl is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }

    private void CheckNewCallbackUrl(Uri callbackUrl, string paramName, string what)
    {
        CheckCallbackUrl(callbackUrl, paramName);
        if (_options().Notify.ValidateCallbackUrls)
        {
            CallbackUrlRules.Validate(callbackUrl, paramName, what);
        }
    }

    private static void AddAppli(List<KeyValuePair<string, string>> form, NotificationCategory? appli)
    {
        if (appli is NotificationCategory value)
        {
            form.Add(new("appli", Format(value)));
        }
    }

    private static string Format(NotificationCategory appli) => ((int)appli).ToString(CultureInfo.InvariantCulture);
}
