namespace Withings.Sdk.Redis; internal static class Placeholder { }
