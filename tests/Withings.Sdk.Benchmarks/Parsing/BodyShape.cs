namespace Withings.Sdk.Benchmarks.Parsing;

/// <summary>Which notification body a parse benchmark reads.</summary>
public enum BodyShape
{
    /// <summary>Withings' documented payload example: one unknown field and the four fields of a weight notification.</summary>
    Typical,

    /// <summary>The typical body plus 20 unknown fields, a few of them percent- or plus-encoded.</summary>
    Wide,
}
