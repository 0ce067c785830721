using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Withings.Sdk.Benchmarks.Data;

/// <summary>
/// Reading a large response page into typed rows: the SDK (the page parsed once, then its source-generated reader)
/// against <c>JsonDocument</c> and a lookup per field (the baseline of each category), from the same UTF-8 bytes, in
/// the same run. Both sides end with the same records.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DeserialisationBenchmarks
{
    private const string Sleep = "sleep get, 1 000 segments";
    private const string Measures = "getmeas, 500 groups";

    private static readonly FetchRequest SleepRequest = new(1, "/v2/sleep", [new("action", "get")], false);
    private static readonly FetchRequest GetmeasRequest = new(1, "/measure", [new("action", "getmeas")], false);

    private byte[] _sleep = [];
    private byte[] _getmeas = [];

    /// <summary>Builds both pages.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sleep = DataPages.SleepGet(1_000);
        _getmeas = DataPages.Getmeas(500);
    }

    /// <summary>Sleep v2 get by hand.</summary>
    /// <returns>The segments.</returns>
    [Benchmark(Baseline = true, Description = "JsonDocument + lookups")]
    [BenchmarkCategory(Sleep)]
    public int SleepByHand() => HandWrittenReaders.SleepGet(_sleep).Count;

    /// <summary>Sleep v2 get through the SDK's reader.</summary>
    /// <returns>The segments.</returns>
    [Benchmark(Description = "SDK typed records")]
    [BenchmarkCategory(Sleep)]
    public int SleepTyped() => Typed(_sleep, SleepRequest);

    /// <summary>getmeas by hand.</summary>
    /// <returns>The groups.</returns>
    [Benchmark(Baseline = true, Description = "JsonDocument + lookups")]
    [BenchmarkCategory(Measures)]
    public int GetmeasByHand() => HandWrittenReaders.Getmeas(_getmeas).Count;

    /// <summary>getmeas through the SDK's reader.</summary>
    /// <returns>The groups.</returns>
    [Benchmark(Description = "SDK typed records")]
    [BenchmarkCategory(Measures)]
    public int GetmeasTyped() => Typed(_getmeas, GetmeasRequest);

    // What the data client does with a page the transport has read: parse it, then read the typed rows.
    private static int Typed(byte[] utf8, FetchRequest request)
    {
        using var document = JsonDocument.Parse(utf8);
        return RecordReader.Read(request, [document.RootElement], []).Count;
    }
}
