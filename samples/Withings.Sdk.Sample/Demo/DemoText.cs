using System.Text;

namespace Withings.Sdk.Sample.Demo;

/// <summary>Writes the demo for an 80-column terminal: no line is longer than <see cref="Width"/>.</summary>
internal sealed class DemoText(TextWriter writer)
{
    public const int Width = 80;

    public void Line(string text = "")
    {
        // Only a single word longer than the terminal gets here unbroken (a pasted body): cut it.
        while (text.Length > Width)
        {
            var indent = text.Length - text.TrimStart(' ').Length;
            writer.WriteLine(text[..Width]);
            text = new string(' ', Math.Min(indent + 2, Width / 2)) + text[Width..];
        }

        writer.WriteLine(text);
    }

    public void Heading(string text)
    {
        Line();
        Line(text);
    }

    /// <summary>
    /// <paramref name="first"/> and then <paramref name="words"/> separated by spaces, wrapped at <see cref="Width"/>;
    /// continuation lines start at column <paramref name="hangingIndent"/>.
    /// </summary>
    public void Wrap(string first, IEnumerable<string> words, int hangingIndent)
    {
        var line = new StringBuilder(first);
        foreach (var word in words)
        {
            if (line.Length + 1 + word.Length > Width && line.ToString().Trim().Length > 0 && line.Length > hangingIndent)
            {
                Line(line.ToString());
                line.Clear().Append(' ', hangingIndent).Append(word);
                continue;
            }

            line.Append(line.Length == 0 || line[^1] == ' ' ? string.Empty : " ").Append(word);
        }

        Line(line.ToString());
    }

    public void Flush() => writer.Flush();
}
