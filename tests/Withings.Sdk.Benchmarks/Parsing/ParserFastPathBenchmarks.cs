using BenchmarkDotNet.Attributes;

namespace Withings.Sdk.Benchmarks.Parsing;

/// <summary>
/// What each fast path of the parser buys: the parser as it is, with one fast path at a time replaced by its plain
/// version, and with all of them plain, against the <c>HttpUtility</c> baseline, on the typical and the wide body.
/// BenchmarkDotNet runs every benchmark case in a process of its own, so each set-up flips its own switch before the
/// parser first reads it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ParserFastPathBenchmarks
{
    private readonly NotificationParser _parser = new();
    private string _text = string.Empty;

    /// <summary>The body to parse.</summary>
    [Params(BodyShape.Typical, BodyShape.Wide)]
    public BodyShape Body { get; set; }

    /// <summary>Every fast path on (the parser as shipped before issue 12).</summary>
    [GlobalSetup(Targets = [nameof(HttpUtilityBaseline), nameof(Fast)])]
    public void SetupFast() => Setup();

    /// <summary>Vector256 splitting replaced by <c>IndexOf</c>/<c>IndexOfAny</c> per field.</summary>
    [GlobalSetup(Target = nameof(PlainSplit))]
    public void SetupPlainSplit() => Setup(nameof(ParsingVariants.PlainSplit));

    /// <summary>Eight digits at a time (SWAR) replaced by a digit loop.</summary>
    [GlobalSetup(Target = nameof(PlainDigits))]
    public void SetupPlainDigits() => Setup(nameof(ParsingVariants.PlainDigits));

    /// <summary>Vectorised runs between escapes replaced by a byte loop.</summary>
    [GlobalSetup(Target = nameof(PlainDecode))]
    public void SetupPlainDecode() => Setup(nameof(ParsingVariants.PlainDecode));

    /// <summary>The stack hash table of names replaced by comparing each name with the earlier ones.</summary>
    [GlobalSetup(Target = nameof(PlainDuplicates))]
    public void SetupPlainDuplicates() => Setup(nameof(ParsingVariants.PlainDuplicates));

    /// <summary>Every fast path replaced.</summary>
    [GlobalSetup(Target = nameof(AllPlain))]
    public void SetupAllPlain() => Setup(
        nameof(ParsingVariants.PlainSplit), nameof(ParsingVariants.PlainDigits), nameof(ParsingVariants.PlainDecode), nameof(ParsingVariants.PlainDuplicates));

    /// <summary><c>HttpUtility.ParseQueryString</c> plus <c>int.Parse</c>/<c>long.Parse</c>.</summary>
    /// <returns>The parsed fields.</returns>
    [Benchmark(Baseline = true, Description = "HttpUtility.ParseQueryString")]
    public HandWrittenNotification HttpUtilityBaseline() => HandWrittenParsers.WithHttpUtility(_text);

    /// <summary>The parser with every fast path.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "fast paths")]
    public WithingsNotification Fast() => _parser.Parse(_text);

    /// <summary>The parser with plain splitting.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "plain split")]
    public WithingsNotification PlainSplit() => _parser.Parse(_text);

    /// <summary>The parser with plain digit loops.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "plain digits")]
    public WithingsNotification PlainDigits() => _parser.Parse(_text);

    /// <summary>The parser with plain percent-decoding.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "plain decode")]
    public WithingsNotification PlainDecode() => _parser.Parse(_text);

    /// <summary>The parser with the plain duplicate check.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "plain duplicates")]
    public WithingsNotification PlainDuplicates() => _parser.Parse(_text);

    /// <summary>The parser with every fast path replaced.</summary>
    /// <returns>The typed notification.</returns>
    [Benchmark(Description = "all plain")]
    public WithingsNotification AllPlain() => _parser.Parse(_text);

    private void Setup(params string[] plain)
    {
        foreach (var variant in plain)
        {
            AppContext.SetSwitch(ParsingVariants.SwitchPrefix + variant, true);
        }

        _text = SampleBodies.Text(Body);

        // The switches are read once per process: check that this process reads what was asked for.
        var active = new[]
        {
            ParsingVariants.PlainSplit ? nameof(ParsingVariants.PlainSplit) : null,
            ParsingVariants.PlainDigits ? nameof(ParsingVariants.PlainDigits) : null,
            ParsingVariants.PlainDecode ? nameof(ParsingVariants.PlainDecode) : null,
            ParsingVariants.PlainDuplicates ? nameof(ParsingVariants.PlainDuplicates) : null,
        }.OfType<string>();
        if (!active.SequenceEqual(plain))
        {
            throw new InvalidOperationException($"Asked for [{string.Join(", ", plain)}], the parser reads [{string.Join(", ", active)}].");
        }
    }
}
