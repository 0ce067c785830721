namespace Withings.Sdk;

/// <summary>PLACEHOLDER: completed by the FetchPlanner issue.</summary>
public sealed record FetchRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="userId">The user whose token sends it; <see langword="null"/> when the caller chooses.</param>
    /// <param name="path">The service path, for example <c>/measure</c>.</param>
    /// <param name="form">The form fields, <c>action</c> first.</param>
    /// <param name="requiresSignature">Whether it must be signed instead of carrying a bearer token.</param>
    public FetchRequest(long? userId, string path, IReadOnlyList<KeyValuePair<string, string>> form, bool requiresSignature)
    {
        UserId = userId;
        Path = path;
        Form = form;
        RequiresSignature = requiresSignature;
    }

    /// <summary>The user whose token sends the request.</summary>
    public long? UserId { get; }

    /// <summary>The service path.</summary>
    public string Path { get; }

    /// <summary>The form fields, <c>action</c> first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; }

    /// <summary>Whether the request is signed.</summary>
    public bool RequiresSignature { get; }

    /// <summary>The <c>action</c> field.</summary>
    public string Action => Form.Count > 0 ? Form[0].Value : string.Empty;
}
