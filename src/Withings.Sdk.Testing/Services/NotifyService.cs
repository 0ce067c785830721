using System.Globalization;
using System.Text.Json.Nodes;

namespace Withings.Sdk.Testing.Services;

/// <summary>
/// Withings' Notify service (docs/withings-api.md §2): subscribe, get, list, revoke and update over in-memory
/// subscriptions per user. Unlike Withings it sends no HEAD to the callback URL (nothing leaves the machine);
/// <see cref="FailCallbackCheck"/> stands in for a URL that fails it. Refusals use the statuses of docs/withings-api.md
/// §3 (293 callback URL, 286 no such subscription, 343 nothing matches); 503 for a bad <c>appli</c> or update is this
/// look-alike's choice among the invalid-parameter codes. The caller holds the look-alike's lock.
/// </summary>
internal sealed class NotifyService
{
    private static readonly string[] UpdateFields = ["new_callbackurl", "new_appli", "comment"];

    private readonly List<LookAlikeSubscription> _subscriptions = [];
    private int _callbackCheckFailures;

    public IReadOnlyList<LookAlikeSubscription> All => [.. _subscriptions];

    public void FailCallbackCheck(int times) => _callbackCheckFailures = times;

    public void Add(LookAlikeSubscription subscription)
    {
        // Subscribing again is not an error: the comment is replaced.
        _subscriptions.RemoveAll(s => s.UserId == subscription.UserId && Matches(s, subscription.CallbackUrl, subscription.Appli));
        _subscriptions.Add(subscription);
    }

    public int Remove(long userId, int? appli) => _subscriptions.RemoveAll(s => s.UserId == userId && (appli is null || s.Appli == appli));

    public WithingsReply Answer(long userId, WithingsRequest request) => request.Action switch
    {
        "subscribe" => Subscribe(userId, request),
        "get" => Get(userId, request),
        "list" => List(userId, request),
        "revoke" => Revoke(userId, request),
        "update" => Update(userId, request),
        _ => WithingsReply.Status(2554, $"notify: unknown action '{request.Action}'"),
    };

    /// <summary>Appli 53's subscription: one per application, made with a signed call instead of a user's token.</summary>
    public WithingsReply SignedSubscribe(WithingsRequest request)
    {
        if (request.Action != "subscribe" || request.Field("appli") != "53")
        {
            return WithingsReply.Status(2554, "notify: only appli 53's subscribe is signed");
        }

        return Subscribe(0, request);
    }

    private WithingsReply Subscribe(long userId, WithingsRequest request)
    {
        if (!TryCallback(request, "callbackurl", out var callback, out var refusal) || !TryAppli(request, "appli", required: true, out var appli, out refusal))
        {
            return refusal;
        }

        if (_callbackCheckFailures > 0)
        {
            _callbackCheckFailures--;
            return WithingsReply.Status(293, "Invalid Params: the callback URL did not answer the HEAD check with 200");
        }

        Add(new LookAlikeSubscription(userId, appli!.Value, callback, request.Field("comment") ?? string.Empty));
        return WithingsReply.Ok("{}");
    }

    private WithingsReply Get(long userId, WithingsRequest request)
    {
        // Withings: "If no appli is specified, appli=1 will be considered."
        if (!TryCallback(request, "callbackurl", out var callback, out var refusal) || !TryAppli(request, "appli", required: false, out var appli, out refusal))
        {
            return refusal;
        }

        var found = _subscriptions.Find(s => s.UserId == userId && Matches(s, callback, appli ?? 1));
        return found is null
            ? WithingsReply.Status(343, "No notification matching the criteria was found")
            : WithingsReply.Ok(ToJson(found));
    }

    private WithingsReply List(long userId, WithingsRequest request)
    {
        if (!TryAppli(request, "appli", required: false, out var appli, out var refusal))
        {
            return refusal;
        }

        var profiles = new JsonArray();
        foreach (var subscription in _subscriptions.Where(s => s.UserId == userId && (appli is null || s.Appli == appli)))
        {
            profiles.Add((JsonNode)ToJson(subscription));
        }

        return WithingsReply.Ok(new JsonObject { ["profiles"] = profiles });
    }

    private WithingsReply Revoke(long userId, WithingsRequest request)
    {
        // Without appli, every category of the callback URL ("Disables all notifications for a given user").
        if (!TryCallback(request, "callbackurl", out var callback, out var refusal) || !TryAppli(request, "appli", required: false, out var appli, out refusal))
        {
            return refusal;
        }

        return _subscriptions.RemoveAll(s => s.UserId == userId && Matches(s, callback, appli)) > 0
            ? WithingsReply.Ok("{}")
            : WithingsReply.Status(286, "No such subscription was found");
    }

    private WithingsReply Update(long userId, WithingsRequest request)
    {
        if (!TryCallback(request, "callbackurl", out var callback, out var refusal) || !TryAppli(request, "appli", required: true, out var appli, out refusal))
        {
            return refusal;
        }

        if (UpdateFields.Count(request.Form.ContainsKey) != 1)
        {
            return WithingsReply.Status(503, "Invalid Params: send exactly one of new_callbackurl, new_appli, comment");
        }

        var index = _subscriptions.FindIndex(s => s.UserId == userId && Matches(s, callback, appli));
        if (index < 0)
        {
            return WithingsReply.Status(286, "No such subscription was found");
        }

        var current = _subscriptions[index];
        if (request.Form.ContainsKey("new_callbackurl"))
        {
            if (!TryCallback(request, "new_callbackurl", out var newCallback, out refusal))
            {
                return refusal;
            }

            current = current with { CallbackUrl = newCallback };
        }
        else if (request.Form.ContainsKey("new_appli"))
        {
            if (!TryAppli(request, "new_appli", required: true, out var newAppli, out refusal))
            {
                return refusal;
            }

            current = current with { Appli = newAppli!.Value };
        }
        else
        {
            current = current with { Comment = request.Field("comment") ?? string.Empty };
        }

        _subscriptions[index] = current;
        return WithingsReply.Ok("{}");
    }

    private static bool Matches(LookAlikeSubscription subscription, string callback, int? appli) =>
        string.Equals(subscription.CallbackUrl, callback, StringComparison.Ordinal) && (appli is null || subscription.Appli == appli);

    // expires: Withings' list shows when a subscription lapses; the look-alike's never do (the largest Unix time).
    private static JsonObject ToJson(LookAlikeSubscription subscription) => new()
    {
        ["appli"] = subscription.Appli,
        ["callbackurl"] = subscription.CallbackUrl,
        ["comment"] = subscription.Comment,
        ["expires"] = int.MaxValue,
    };

    private static bool TryCallback(WithingsRequest request, string name, out string callback, out WithingsReply refusal)
    {
        callback = request.Field(name) ?? string.Empty;
        refusal = WithingsReply.Status(293, $"Invalid Params: {name} is absent or incorrect");
        return Uri.TryCreate(callback, UriKind.Absolute, out _);
    }

    private static bool TryAppli(WithingsRequest request, string name, bool required, out int? appli, out WithingsReply refusal)
    {
        appli = null;
        refusal = WithingsReply.Status(503, $"Invalid Params: {name}");
        var text = request.Field(name);
        if (string.IsNullOrEmpty(text))
        {
            return !required;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        appli = value;
        return true;
    }
}
