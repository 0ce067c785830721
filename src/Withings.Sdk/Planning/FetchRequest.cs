using System.Collections.ObjectModel;
using System.Globalization;
using System.Net.Http.Headers;
using Withings.Sdk.Internal.Wire;

namespace Withings.Sdk;

/// <summary>
/// One follow-up Withings API call: <c>POST &lt;base&gt;&lt;path&gt;</c> with a form body whose first field is
/// <c>action</c>. It carries no token: the user's bearer token (or, for signed services, <c>client_id</c>,
/// <c>nonce</c> and <c>signature</c>) is added only when the request is sent.
/// </summary>
/// <remarks>Two requests are equal when they have the same user, path, signing and form fields in the same order.</remarks>
public sealed record FetchRequest
{

    /// <summary>Creates a request.</summary>
    /// <param name="userId">The user whose token sends it; <see langword="null"/> when the caller chooses.</param>
    /// <param name="path">The service path, for example <c>/measure</c>.</param>
    /// <param name="form">The form fields, <c>action</c> first. The list is copied.</param>
    /// <param name="requiresSignature">Whether it must be signed instead of carrying a bearer token.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="form"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> does not start with <c>/</c>, or <paramref name="form"/> does not start with a
    /// non-empty <c>action</c>, or holds a field with a null or empty name or a null value.
    /// </exception>
    public FetchRequest(long? userId, string path, IReadOnlyList<KeyValuePair<string, string>> form, bool requiresSignature)
        : this(userId, CheckPath(path), CopyForm(form), requiresSignature, RequestWindow.None)
    {
    }

    internal FetchRequest(long? userId, string path, KeyValuePair<string, string>[] form, bool requiresSignature, RequestWindow window)
    {
        UserId = userId;
        Path = path;
        Form = new ReadOnlyCollection<KeyValuePair<string, string>>(form);
        RequiresSignature = requiresSignature;
        Window = window;
    }

    /// <summary>The user whose token sends the request; <see langword="null"/> when the caller chooses (appli 53).</summary>
    public long? UserId { get; }

    /// <summary>The service path, for example <c>/measure</c> or <c>/v2/sleep</c>.</summary>
    public string Path { get; }

    /// <summary>The form fields in the order they are sent, <c>action</c> first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; }

    /// <summary>
    /// Whether the service is signed (<c>client_id</c>, <c>nonce</c>, <c>signature</c>, see
    /// <see cref="WithingsSignature"/>) rather than called with a bearer token.
    /// </summary>
    public bool RequiresSignature { get; }

    /// <summary>The <c>action</c> field, for example <c>getmeas</c>.</summary>
    public string Action => Form.Count > 0 ? Form[0].Value : string.Empty;

    /// <summary>What the planner knows about the request's time window, for batch coalescing.</summary>
    internal RequestWindow Window { get; }

    /// <summary>The value of a form field.</summary>
    /// <param name="name">The field name, for example <c>startdate</c>.</param>
    /// <returns>The value, or <see langword="null"/> when the form has no such field.</returns>
    public string? GetField(string name)
    {
        foreach (var pair in Form)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// A copy of the request with one field set: replaced in place when the form has it, appended otherwise. This
    /// is how a page <c>offset</c> or the signing fields are added; the request itself never changes.
    /// </summary>
    /// <param name="name">The field name; not <c>action</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new request.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or <c>action</c>.</exception>
    public FetchRequest WithField(string name, string value)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("name: a form field needs a name.", nameof(name));
        }

        if (string.Equals(name, WithingsServices.ActionField, StringComparison.Ordinal))
        {
            throw new ArgumentException("name: 'action' names the service; plan another request instead of changing it.", nameof(name));
        }

        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        var index = -1;
        for (var i = 0; i < Form.Count && index < 0; i++)
        {
            index = string.Equals(Form[i].Key, name, StringComparison.Ordinal) ? i : -1;
        }

        var form = new KeyValuePair<string, string>[index < 0 ? Form.Count + 1 : Form.Count];
        for (var i = 0; i < Form.Count; i++)
        {
            form[i] = Form[i];
        }

        form[index < 0 ? Form.Count : index] = new KeyValuePair<string, string>(name, value);

        // The window the planner recorded may no longer describe the new form.
        return new FetchRequest(UserId, Path, form, RequiresSignature, RequestWindow.None);
    }

    /// <summary>
    /// The form body exactly as it is sent: <c>name=value</c> pairs joined by <c>&amp;</c>, in order, percent-encoded
    /// (letters, digits, <c>-._~,:</c> stay literal), for example
    /// <c>action=getmeas&amp;meastypes=1,5,6,8,76,77,88,91&amp;category=1&amp;startdate=1530576000&amp;enddate=1530698753</c>.
    /// </summary>
    /// <returns>The encoded body.</returns>
    public string ToFormString() => FormEncoding.Encode(Form);

    /// <summary>The absolute URL of the request: <paramref name="baseAddress"/> followed by <see cref="Path"/>.</summary>
    /// <param name="baseAddress">
    /// The API host, usually <see cref="WithingsOptions.ApiBaseAddress"/>; a path prefix in it is kept.
    /// </param>
    /// <returns>For example <c>https://wbsapi.withings.net/measure</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="baseAddress"/> is relative or has a query or fragment.</exception>
    public Uri GetUri(Uri baseAddress)
    {
        if (baseAddress is null)
        {
            throw new ArgumentNullException(nameof(baseAddress));
        }

        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"baseAddress: '{baseAddress}' is not an absolute URL (for example https://wbsapi.withings.net).", nameof(baseAddress));
        }

        if (baseAddress.Query.Length > 0 || baseAddress.Fragment.Length > 0)
        {
            throw new ArgumentException($"baseAddress: '{baseAddress.GetLeftPart(UriPartial.Path)}' must not carry a query or a fragment.", nameof(baseAddress));
        }

        return ServiceUri.Build(baseAddress, Path);
    }

    /// <summary>
    /// The request as an <see cref="HttpRequestMessage"/>: <c>POST</c> to <see cref="GetUri"/>, the body of
    /// <see cref="ToFormString"/> as <c>application/x-www-form-urlencoded</c>, and
    /// <c>Authorization: Bearer</c> only when <paramref name="accessToken"/> is given. The token is not kept anywhere
    /// else; signed requests need their signing fields added first (<see cref="WithField"/>).
    /// </summary>
    /// <param name="baseAddress">The API host, usually <see cref="WithingsOptions.ApiBaseAddress"/>.</param>
    /// <param name="accessToken">The user's access token, or <see langword="null"/> to send none.</param>
    /// <returns>A new message; the caller disposes it.</returns>
    public HttpRequestMessage ToHttpRequestMessage(Uri baseAddress, string? accessToken = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, GetUri(baseAddress));
        message.Content = FormContent.Create(Form);
        if (!string.IsNullOrEmpty(accessToken))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return message;
    }

    /// <inheritdoc />
    public bool Equals(FetchRequest? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (UserId != other.UserId || RequiresSignature != other.RequiresSignature
            || !string.Equals(Path, other.Path, StringComparison.Ordinal) || Form.Count != other.Form.Count)
        {
            return false;
        }

        for (var i = 0; i < Form.Count; i++)
        {
            if (!string.Equals(Form[i].Key, other.Form[i].Key, StringComparison.Ordinal)
                || !string.Equals(Form[i].Value, other.Form[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            var hash = (UserId.GetHashCode() * 31) + (RequiresSignature ? 1 : 0);
            hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(Path);
            foreach (var pair in Form)
            {
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(pair.Key);
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(pair.Value);
            }

            return hash;
        }
    }

    /// <summary>The request as a reader wants it: <c>POST /measure action=getmeas&amp;… (user 12345)</c>.</summary>
    /// <returns>The method, path, form body, user and signing.</returns>
    public override string ToString()
    {
        var user = UserId?.ToString(CultureInfo.InvariantCulture) ?? "chosen by the caller";
        return $"POST {Path} {ToFormString()} (user {user}{(RequiresSignature ? ", signed" : string.Empty)})";
    }

    private static string CheckPath(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        return path.Length > 1 && path[0] == '/'
            ? path
            : throw new ArgumentException($"path: '{path}' is not a service path (for example /measure).", nameof(path));
    }

    private static KeyValuePair<string, string>[] CopyForm(IReadOnlyList<KeyValuePair<string, string>> form)
    {
        if (form is null)
        {
            throw new ArgumentNullException(nameof(form));
        }

        var copy = new KeyValuePair<string, string>[form.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var pair = form[i];
            if (string.IsNullOrEmpty(pair.Key) || pair.Value is null)
            {
                throw new ArgumentException($"form: field {i} has no name or no value.", nameof(form));
            }

            copy[i] = pair;
        }

        if (copy.Length == 0 || !string.Equals(copy[0].Key, WithingsServices.ActionField, StringComparison.Ordinal) || copy[0].Value.Length == 0)
        {
            throw new ArgumentException("form: the first field must be a non-empty 'action' (for example action=getmeas).", nameof(form));
        }

        return copy;
    }
}
