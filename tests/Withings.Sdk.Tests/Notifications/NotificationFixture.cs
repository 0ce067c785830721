using System.Globalization;

namespace Withings.Sdk.Tests.Notifications;

/// <summary>
/// One real payload under Fixtures/Notifications: <c>&lt;ExpectedType&gt;.&lt;case&gt;.txt</c> holding the body and the
/// values it must parse to, written out by hand from the Withings docs.
/// </summary>
public sealed class NotificationFixture
{
    private NotificationFixture(string name, string expectedType, Dictionary<string, string> values)
    {
        Name = name;
        ExpectedType = expectedType;
        Values = values;
    }

    public string Name { get; }

    public string ExpectedType { get; }

    public IReadOnlyDictionary<string, string> Values { get; }

    public string Body => Values["body"];

    public static IEnumerable<TestCaseData> All()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Notifications");
        foreach (var path in Directory.EnumerateFiles(folder, "*.txt").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var values = File.ReadAllLines(path)
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(": ", 2))
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            yield return new TestCaseData(new NotificationFixture(name, name.Split('.')[0], values)).SetArgDisplayNames(name);
        }
    }

    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    public static DateTimeOffset? Instant(string? text) => text is null or "none"
        ? null
        : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override string ToString() => Name;
}
