namespace Withings.Sdk;

/// <summary>Settings that only some calls need, checked when such a call is made.</summary>
internal static class RequiredSetting
{
    public static string Get(string? value, string name) =>
        string.IsNullOrEmpty(value)
            ? throw new MissingSettingException($"Withings:{name} is not configured (environment variable Withings__{name}); OAuth and signed requests need the application's {name}.")
            : value!;
}
