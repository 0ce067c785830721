namespace Withings.Sdk.Internal.Wire;

/// <summary>The address of a Withings service under an API base address.</summary>
internal static class ServiceUri
{
    /// <summary>Joins the base address (which may carry a path prefix) and a service path with exactly one slash.</summary>
    public static Uri Build(Uri baseAddress, string path)
    {
        if (baseAddress is null)
        {
            throw new ArgumentNullException(nameof(baseAddress));
        }

        var root = baseAddress.AbsoluteUri.TrimEnd('/');
        return new Uri(root + "/" + path.TrimStart('/'), UriKind.Absolute);
    }
}
