using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Withings.Sdk;

/// <summary>
/// Bounds a <see cref="TimeSpan"/> setting, for the generated options validators. <c>[Range(typeof(TimeSpan), …)]</c>
/// would do the same through a type converter, which the trimmer cannot see; this parses its bounds itself, as
/// dotnet/extensions' own <c>TimeSpanAttribute</c> does. Compiled into each package.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <summary>Allows values from <paramref name="minimum"/> to <paramref name="maximum"/>, both included.</summary>
    /// <param name="minimum">The smallest value allowed, in the invariant <c>c</c> format (<c>00:00:00</c>).</param>
    /// <param name="maximum">The largest value allowed; none when <see langword="null"/>.</param>
    public TimeSpanRangeAttribute(string minimum, string? maximum = null)
        : base(maximum is null ? "The field {0} must be at least {1}." : "The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = maximum is null ? TimeSpan.MaxValue : TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum, Maximum);

    public override bool IsValid(object? value) => value is not TimeSpan time || (time >= Minimum && time <= Maximum);
}
