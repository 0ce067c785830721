namespace Withings.Sdk;

/// <summary>
/// Temporary, benchmark-only switches that replace each fast path of the parser with its plain version, so that one
/// BenchmarkDotNet run can measure what every fast path buys (issue 12). Read once per process from
/// <see cref="AppContext"/>; the JIT folds the values into constants.
/// </summary>
internal static class ParsingVariants
{
    public static readonly bool PlainSplit = Read(nameof(PlainSplit));
    public static readonly bool PlainDigits = Read(nameof(PlainDigits));
    public static readonly bool PlainDecode = Read(nameof(PlainDecode));
    public static readonly bool PlainDuplicates = Read(nameof(PlainDuplicates));

    // An explicit static constructor: the switches are read on first use, after the benchmark's set-up set them.
#pragma warning disable CA1810
    static ParsingVariants()
    {
    }
#pragma warning restore CA1810

    /// <summary>The switch names' prefix; a constant, so that reading it does not run the static constructor.</summary>
    public const string SwitchPrefix = "Withings.Sdk.Parsing.";

    private static bool Read(string variant) => AppContext.TryGetSwitch(SwitchPrefix + variant, out var on) && on;
}
