using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Redis;
using Withings.Sdk.Testing;

namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the four packages, read by reflection: each package logs inside its own block of
/// event ids, no id names two events, and docs/observability.md has a row for each (id and name).
/// </summary>
public sealed partial class EventIdTests
{
    /// <summary>Each package and its block (docs/observability.md, "Event id blocks").</summary>
    private static readonly (Assembly Package, int First, int Last)[] Blocks =
    [
        (typeof(WithingsOptions).Assembly, 1, 999),
        (typeof(WithingsReceiverBuilder).Assembly, 1000, 1999),
        (typeof(WithingsRedisOptions).Assembly, 2000, 2999),
        (typeof(WithingsLookAlike).Assembly, 3000, 3999),
    ];

    // src/Shared/TokenProtection.cs is compiled into several packages: its messages keep their one number, in the
    // core's block that reserves 900–999 for token protection.
    private const string SharedSourceType = "Withings.Sdk.TokenProtection";

    [Test]
    public void EveryEvent_IsInsideItsPackagesBlock()
    {
        var outside = Blocks
            .SelectMany(block => Events(block.Package)
                .Where(e => e.Type == SharedSourceType ? e.Id is < 900 or > 999 : e.Id < block.First || e.Id > block.Last)
                .Select(e => $"{e} in {block.Package.GetName().Name} (block {block.First}–{block.Last})"))
            .ToList();

        outside.Should().BeEmpty("a package logs inside its block of docs/observability.md; renumber these");
    }

    [Test]
    public void NoEventId_NamesTwoEvents()
    {
        // The shared source's events appear once per package that compiles it: one event, counted once.
        var events = Blocks.SelectMany(block => Events(block.Package)).DistinctBy(e => (e.Type, e.Name, e.Id)).ToList();

        var duplicates = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g)}").ToList();

        events.Should().HaveCountGreaterThan(90, "the packages log through [LoggerMessage]");
        duplicates.Should().BeEmpty("an event id names one event; give each of these its own number in its package's block");
    }

    [Test]
    public void ObservabilityPage_HasARowForEveryEvent()
    {
        var page = File.ReadAllText(Path.Combine(DocPages.Root, "docs", "observability.md"));
        var rows = Row().Matches(page).Select(m => (Id: int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), Name: m.Groups["name"].Value)).ToHashSet();

        var missing = Blocks.SelectMany(block => Events(block.Package))
            .Where(e => !rows.Contains((e.Id, e.Name)))
            .Select(e => e.ToString())
            .Distinct()
            .ToList();

        missing.Should().BeEmpty("docs/observability.md lists every event as a row `| id | level | `Name` | meaning | what to do |`");
    }

    private static IEnumerable<LogEvent> Events(Assembly package) =>
        package.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => new LogEvent(m.Method.DeclaringType!.FullName!, m.Attribute!.EventName ?? m.Method.Name, m.Attribute.EventId));

    [GeneratedRegex(@"^\| (?<id>\d+) \| \w+ \| `(?<name>\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    private sealed record LogEvent(string Type, string Name, int Id)
    {
        public override string ToString() => $"{Id} {Type}.{Name}";
    }
}
