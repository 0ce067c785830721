using System.Text;
using System.Text.RegularExpressions;

namespace Withings.Sdk.Tests.Architecture;

/// <summary>One place that cites a document the repository does not hold.</summary>
/// <param name="Path">The file, from the scanned root, with <c>/</c> separators.</param>
/// <param name="Line">The line, from 1.</param>
/// <param name="Text">What it cites.</param>
internal sealed record Citation(string Path, int Line, string Text)
{
    public override string ToString() => $"{Path}:{Line}: {Text}";
}

/// <summary>
/// Finds the places in a tree that send a reader to a document the tree does not hold: the sprint's planning and
/// reference notes, which live outside the repository (by name, with or without a section sign, and by the folder they
/// sit in), anywhere in any text file; and, in comments and prose, any path to a <c>.md</c> or <c>.yml</c> file that
/// exists neither beside the file nor under the root. A reader of the repository (or of a package's source) has only
/// the repository: a fact the code relies on is restated there (docs/withings-api.md, docs/planning.md) or linked on
/// the web.
/// </summary>
internal static partial class CitationScanner
{
    // Build output and the repository's own database are not the repository's text.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", ".git", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts" };

    /// <summary>Every citation of a missing document in <paramref name="entries"/> (folders and files under <paramref name="root"/>).</summary>
    public static IReadOnlyList<Citation> Scan(string root, IEnumerable<string> entries)
    {
        var found = new List<Citation>();
        foreach (var file in entries.SelectMany(e => Files(root, e)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            foreach (Match match in OutsideDocument().Matches(text))
            {
                found.Add(new Citation(relative, LineOf(text, match.Index), match.Value));
            }

            // Paths are checked where a reader follows them: in comments and prose. A URL is a public page, not a path.
            var readable = WebAddress().Replace(Readable(file, text), m => new string(' ', m.Length));
            foreach (Match match in DocumentPath().Matches(readable))
            {
                if (!Exists(root, Path.GetDirectoryName(file)!, match.Value))
                {
                    found.Add(new Citation(relative, LineOf(text, match.Index), match.Value + " (no such file in the repository)"));
                }
            }
        }

        return found;
    }

    private static IEnumerable<string> Files(string root, string entry)
    {
        var path = Path.Combine(root, entry);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            return [];
        }

        return Directory.EnumerateDirectories(path)
            .Where(d => !SkippedFolders.Contains(Path.GetFileName(d)))
            .SelectMany(d => Files(root, Path.GetRelativePath(root, d)))
            .Concat(Directory.EnumerateFiles(path));
    }

    // A path from the file's own folder (a Markdown link, a package's README.md) or from the root (a page of docs/
    // named in a code comment). Case counts, as on the machines that build the packages.
    private static bool Exists(string root, string folder, string path)
    {
        var target = path.TrimStart('/');
        return ExistsExactly(Path.Combine(folder, target)) || ExistsExactly(Path.Combine(root, target));
    }

    private static bool ExistsExactly(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        return File.Exists(full)
            && folder is not null
            && Directory.EnumerateFiles(folder).Any(f => string.Equals(Path.GetFileName(f), Path.GetFileName(full), StringComparison.Ordinal));
    }

    /// <summary>The text a reader reads as prose: all of a Markdown or text file, the comments of code; the rest blanked (lines kept).</summary>
    private static string Readable(string file, string text)
    {
        var name = Path.GetFileName(file);
        var extension = Path.GetExtension(file).ToUpperInvariant();
        var comments = extension switch
        {
            ".MD" or ".TXT" => null,
            ".CS" or ".JS" or ".TS" or ".CSS" => SlashComment(),
            ".SH" or ".PY" or ".YML" or ".YAML" or ".TOML" or ".RB" or ".PS1" => HashComment(),
            ".CSPROJ" or ".PROPS" or ".TARGETS" or ".XML" or ".SLNX" or ".HTML" or ".CONFIG" => XmlComment(),
            _ when name is "Dockerfile" or "run" => HashComment(),
            _ => NoText(),
        };
        if (comments is null)
        {
            return text;
        }

        var kept = new StringBuilder(new string(' ', text.Length));
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                kept[i] = '\n';
            }
        }

        foreach (Match match in comments.Matches(text))
        {
            for (var i = match.Index; i < match.Index + match.Length; i++)
            {
                kept[i] = text[i];
            }
        }

        return kept.ToString();
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    // The notes are named in capitals (a section sign or .md after the name); their folder is a sibling of the
    // checkout. Written with classes ([.], [§]) so that this file does not match itself.
    [GeneratedRegex(@"\b(?:REFERENCE|PLANNING|PRODUCT|STYLE)(?:[.]md\b|\s*[§])|[.][.]/shared\b|/work[/]shared\b|\bshared[/]withings\b")]
    private static partial Regex OutsideDocument();

    // A relative or rooted path to a Markdown or YAML file; not a glob (*.md), not the tail of a longer word.
    [GeneratedRegex(@"(?<![\w./*$)-])[\w.-][\w./-]*[.](?:md|ya?ml)\b(?![\w/-])")]
    private static partial Regex DocumentPath();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^\s)>\]""'`]+", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex SlashComment();

    [GeneratedRegex(@"(?<![\w$])#[^\n]*")]
    private static partial Regex HashComment();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex XmlComment();

    [GeneratedRegex(@"(?!)")]
    private static partial Regex NoText();
}
