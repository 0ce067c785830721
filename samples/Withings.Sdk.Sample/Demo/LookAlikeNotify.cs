using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Withings.Sdk.Sample.Demo;

/// <summary>
/// The look-alike's Notify service (docs/withings-api.md §2): subscribe, get, list, revoke and update over an in-memory list
/// of one user's subscriptions. Unlike Withings it sends no HEAD to the callback URL: nothing leaves the machine.
/// Refusals use the statuses docs/withings-api.md §3 gives for them (293 callback URL, 286 no such subscription, 343 no
/// notification matching); 503 ("invalid params") for a bad <c>appli</c> or update is the look-alike's own choice.
/// </summary>
internal sealed class LookAlikeNotify
{
    private static readonly string[] UpdateFields = ["new_callbackurl", "new_appli", "comment"];

    private readonly List<Subscription> _subscriptions = [];

    public IResult Answer(string action, IFormCollection form)
    {
        lock (_subscriptions)
        {
            return action switch
            {
                "subscribe" => Subscribe(form),
                "get" => Get(form),
                "list" => List(form),
                "revoke" => Revoke(form),
                "update" => Update(form),
                _ => Envelope.Error(2554, $"notify: unknown action '{action}'"),
            };
        }
    }

    private IResult Subscribe(IFormCollection form)
    {
        if (!TryCallback(form, "callbackurl", out var callback, out var refusal) || !TryAppli(form, "appli", required: true, out var appli, out refusal))
        {
            return refusal;
        }

        // Subscribing again is not an error: the comment is replaced, as a second subscribe would do it.
        _subscriptions.RemoveAll(s => s.Matches(callback, appli));
        _subscriptions.Add(new Subscription(appli!.Value, callback, (string?)form["comment"] ?? string.Empty));
        return Envelope.Ok([]);
    }

    private IResult Get(IFormCollection form)
    {
        // openapi.yml, Notify - Get: "If no appli is specified, appli=1 will be considered."
        if (!TryCallback(form, "callbackurl", out var callback, out var refusal) || !TryAppli(form, "appli", required: false, out var appli, out refusal))
        {
            return refusal;
        }

        var found = _subscriptions.Find(s => s.Matches(callback, appli ?? 1));
        return found is null ? Envelope.Error(343, "No notification matching the criteria was found") : Envelope.Ok(found.ToJson());
    }

    private IResult List(IFormCollection form)
    {
        if (!TryAppli(form, "appli", required: false, out var appli, out var refusal))
        {
            return refusal;
        }

        var profiles = new JsonArray();
        foreach (var subscription in _subscriptions.Where(s => appli is null || s.Appli == appli))
        {
            profiles.Add(subscription.ToJson());
        }

        return Envelope.Ok(new JsonObject { ["profiles"] = profiles });
    }

    private IResult Revoke(IFormCollection form)
    {
        // Without appli, every category of the callback URL ("Disables all notifications for a given user").
        if (!TryCallback(form, "callbackurl", out var callback, out var refusal) || !TryAppli(form, "appli", required: false, out var appli, out refusal))
        {
            return refusal;
        }

        return _subscriptions.RemoveAll(s => s.Matches(callback, appli)) > 0
            ? Envelope.Ok([])
            : Envelope.Error(286, "No such subscription was found");
    }

    private IResult Update(IFormCollection form)
    {
        if (!TryCallback(form, "callbackurl", out var callback, out var refusal) || !TryAppli(form, "appli", required: true, out var appli, out refusal))
        {
            return refusal;
        }

        var changes = UpdateFields.Count(form.ContainsKey);
        if (changes != 1)
        {
            return Envelope.Error(503, "Invalid Params: send exactly one of new_callbackurl, new_appli, comment");
        }

        var index = _subscriptions.FindIndex(s => s.Matches(callback, appli));
        if (index < 0)
        {
            return Envelope.Error(286, "No such subscription was found");
        }

        var current = _subscriptions[index];
        if (form.ContainsKey("new_callbackurl"))
        {
            if (!TryCallback(form, "new_callbackurl", out var newCallback, out refusal))
            {
                return refusal;
            }

            current = current with { CallbackUrl = newCallback };
        }
        else if (form.ContainsKey("new_appli"))
        {
            if (!TryAppli(form, "new_appli", required: true, out var newAppli, out refusal))
            {
                return refusal;
            }

            current = current with { Appli = newAppli!.Value };
        }
        else
        {
            current = current with { Comment = (string?)form["comment"] ?? string.Empty };
        }

        _subscriptions[index] = current;
        return Envelope.Ok([]);
    }

    private static bool TryCallback(IFormCollection form, string name, out string callback, out IResult refusal)
    {
        callback = (string?)form[name] ?? string.Empty;
        refusal = Envelope.Error(293, $"Invalid Params: {name} is absent or incorrect");
        return Uri.TryCreate(callback, UriKind.Absolute, out _);
    }

    private static bool TryAppli(IFormCollection form, string name, bool required, out int? appli, out IResult refusal)
    {
        appli = null;
        refusal = Envelope.Error(503, $"Invalid Params: {name}");
        var text = (string?)form[name];
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

    private sealed record Subscription(int Appli, string CallbackUrl, string Comment)
    {
        public bool Matches(string callback, int? appli) =>
            string.Equals(CallbackUrl, callback, StringComparison.Ordinal) && (appli is null || Appli == appli);

        public JsonObject ToJson() => new() { ["appli"] = Appli, ["callbackurl"] = CallbackUrl, ["comment"] = Comment };
    }
}
