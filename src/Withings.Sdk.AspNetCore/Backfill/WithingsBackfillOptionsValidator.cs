using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore;

/// <summary>
/// Checks <see cref="WithingsBackfillOptions"/> at start, each failure naming its key: the data annotations
/// (generated) and the categories a backfill can fetch.
/// </summary>
internal sealed partial class WithingsBackfillOptionsValidator : IValidateOptions<WithingsBackfillOptions>
{
    private static readonly WithingsBackfillOptionsAnnotations Generated = new();

    public ValidateOptionsResult Validate(string? name, WithingsBackfillOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var generated = ConfigurationKeyMessages.Rewrite(Generated.Validate(null, options), nameof(WithingsBackfillOptions), WithingsBackfillOptions.SectionName);
        var unsupported = (options.Categories ?? []).Where(c => !BackfillPlanner.Supports(c)).Distinct().ToList();
        if (unsupported.Count == 0)
        {
            return generated;
        }

        var failures = generated.Failed ? [.. generated.Failures ?? []] : new List<string>();
        failures.Add(
            "Withings:Sync:Backfill:Categories: " + string.Join(", ", unsupported.Select(c => ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            + " cannot be backfilled: they carry no data to fetch. Use 1, 2, 4, 16, 44, 54, 58, 60, 61, 62 or 63.");
        return ValidateOptionsResult.Fail(failures);
    }

    [OptionsValidator]
    private sealed partial class WithingsBackfillOptionsAnnotations : IValidateOptions<WithingsBackfillOptions>
    {
    }
}
