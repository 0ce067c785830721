namespace Withings.Sdk.Docs.Tests;

/// <summary>What kind of project a documentation block is built in, decided by its first line.</summary>
public enum DocBlockKind
{
    /// <summary><c>// Program.cs</c>: a console program, built and run offline.</summary>
    Console,

    /// <summary><c>// Program.cs (web)</c>: the Program.cs of an ASP.NET Core project, built only (it would serve).</summary>
    Web,

    /// <summary><c>// SomeName.cs</c>: a class file, built in a class library.</summary>
    ClassFile,
}

/// <summary>One <c>csharp</c> block of a Markdown page, with what its first lines say about it.</summary>
/// <param name="Name">The page and the heading above the block, for test names and messages.</param>
/// <param name="Code">The block as a user copies it.</param>
/// <param name="Kind">The project it goes in.</param>
/// <param name="FileName">The file it is written to.</param>
/// <param name="Packages">The packages its <c>// dotnet add package</c> lines name, besides Withings.Sdk.</param>
/// <param name="ExpectedOutput">The <c>text</c> block that follows it, when it has one: what running it prints.</param>
public sealed record DocBlock(string Name, string Code, DocBlockKind Kind, string FileName, IReadOnlyList<string> Packages, string? ExpectedOutput)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
