using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Withings.Sdk.Benchmarks.Parsing;

/// <summary>
/// The webhook hot path: one notification body to a typed result, from text and from UTF-8 bytes, against what users
/// write by hand. Every ratio is to the <c>HttpUtility</c> baseline of the same category and body, in the same run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ParserBenchmarks
{
    private const string FromString = "string";
    private const string FromUtf8 = "utf8";

    private readonly NotificationParser _parser = new();
    private string _text = string.Empty;
    private byte[] _utf8 = [];

    /// <summary>The body to parse.</summary>
    [Params(BodyShape.Typical, BodyShape.Wide)]
    public BodyShape Body { get; set; }

    /// <summary>Prepares the body in both forms.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _text = SampleBodies.Text(Body);
        _utf8 = SampleBodies.Utf8(Body);
    }

    /// <summary><c>HttpUtility.ParseQueryString</c> plus <c>int.Parse</c>/<c>long.Parse</c>.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Baseline = true, Description = "HttpUtility.ParseQueryString")]
    [BenchmarkCategory(FromString)]
    public HandWrittenNotification HttpUtilityFromString() => HandWrittenParsers.WithHttpUtility(_text);

    /// <summary>ASP.NET Core <c>QueryHelpers.ParseQuery</c> plus <c>int.Parse</c>/<c>long.Parse</c>.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Description = "QueryHelpers.ParseQuery")]
    [BenchmarkCategory(FromString)]
    public HandWrittenNotification QueryHelpersFromString() => HandWrittenParsers.WithQueryHelpers(_text);

    /// <summary>ASP.NET Core <c>QueryStringEnumerable</c>, hand-rolled.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Description = "QueryStringEnumerable")]
    [BenchmarkCategory(FromString)]
    public HandWrittenNotification QueryStringEnumerableFromString() => HandWrittenParsers.WithQueryStringEnumerable(_text);

    /// <summary>The SDK.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "NotificationParser.Parse")]
    [BenchmarkCategory(FromString)]
    public WithingsNotification SdkFromString() => _parser.Parse(_text);

    /// <summary>The bytes decoded to a string first, as a user must for <c>HttpUtility</c>.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Baseline = true, Description = "HttpUtility.ParseQueryString")]
    [BenchmarkCategory(FromUtf8)]
    public HandWrittenNotification HttpUtilityFromUtf8() => HandWrittenParsers.WithHttpUtility(Encoding.UTF8.GetString(_utf8));

    /// <summary>The bytes decoded to a string first, as a user must for <c>QueryHelpers</c>.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Description = "QueryHelpers.ParseQuery")]
    [BenchmarkCategory(FromUtf8)]
    public HandWrittenNotification QueryHelpersFromUtf8() => HandWrittenParsers.WithQueryHelpers(Encoding.UTF8.GetString(_utf8));

    /// <summary>The bytes decoded to a string first, as a user must for <c>QueryStringEnumerable</c>.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Description = "QueryStringEnumerable")]
    [BenchmarkCategory(FromUtf8)]
    public HandWrittenNotification QueryStringEnumerableFromUtf8() => HandWrittenParsers.WithQueryStringEnumerable(Encoding.UTF8.GetString(_utf8));

    /// <summary>The SDK, straight from the bytes.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "NotificationParser.Parse")]
    [BenchmarkCategory(FromUtf8)]
    public WithingsNotification SdkFromUtf8() => _parser.Parse(_utf8);
}
