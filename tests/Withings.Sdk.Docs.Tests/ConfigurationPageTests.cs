using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Withings.Sdk.AspNetCore;
using Withings.Sdk.Redis;

namespace Withings.Sdk.Docs.Tests;

/// <summary>
/// docs/configuration.md lists every configuration key of every options class, and no key that none has: the keys are
/// read from the options classes by reflection (each root class's <c>SectionName</c>, then its settable properties,
/// nested option sections followed), and from the page's tables (every <c>`Withings:…`</c> in a row's first cell).
/// </summary>
public sealed partial class ConfigurationPageTests
{
    /// <summary>The options classes bound from configuration, each with its section.</summary>
    private static readonly Type[] Roots =
    [
        typeof(WithingsOptions),
        typeof(WithingsReconcilerOptions),
        typeof(WithingsReceiverOptions),
        typeof(WithingsSyncOptions),
        typeof(WithingsBackfillOptions),
        typeof(WithingsRedisOptions),
    ];

    [Test]
    public void ConfigurationPage_ListsEveryKeyOfTheOptionsClasses()
    {
        var documented = DocumentedKeys();

        var missing = CodeKeys().Where(k => !documented.Contains(k.Key)).Select(k => $"{k.Key} ({k.Value})").ToList();

        missing.Should().BeEmpty("docs/configuration.md must list every setting; add a row for each of these keys (the full key in backticks in the row's first cell)");
    }

    [Test]
    public void ConfigurationPage_ListsNoKeyThatNoOptionsClassHas()
    {
        var code = CodeKeys();

        var extra = DocumentedKeys().Where(k => !code.ContainsKey(k)).ToList();

        extra.Should().BeEmpty("docs/configuration.md lists these keys, which no options class binds: remove or rename them");
    }

    [Test]
    public void CodeKeys_FollowNestedSections_AndIncludeEveryPackage()
    {
        var keys = CodeKeys();

        // A key from each root and from a nested section, so that a broken walk cannot pass the checks above by finding nothing.
        keys.Keys.Should().Contain(["Withings:ClientId", "Withings:Planning:Lookback", "Withings:Parser:MaxBodyBytes",
            "Withings:Receiver:AllowedNetworks", "Withings:Sync:BatchWindow", "Withings:Reconciler:Categories", "Withings:Redis:KeyPrefix"]);
        keys.Keys.Should().NotContain(k => k.EndsWith(":Retry", StringComparison.Ordinal) || k.EndsWith(":SectionName", StringComparison.Ordinal));
    }

    /// <summary>Every configuration key, with the property it binds (<c>Type.Property</c>).</summary>
    private static Dictionary<string, string> CodeKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in Roots)
        {
            var section = (string)root.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            Walk(root, section, keys);
        }

        return keys;
    }

    private static void Walk(Type type, string prefix, Dictionary<string, string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix + ":" + property.Name;
            if (IsSection(property.PropertyType))
            {
                Walk(property.PropertyType, key, keys);
            }
            else if (property.SetMethod is { IsPublic: true } || typeof(IList).IsAssignableFrom(property.PropertyType) || IsGenericList(property.PropertyType))
            {
                // A settable value, or a list the binder fills in place (AllowedNetworks).
                keys[key] = $"{type.Name}.{property.Name}";
            }
        }
    }

    // A nested options class: a class of the SDK's own, bound as a section of its own (Retry, Planning, Parser, …).
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && type.Namespace?.StartsWith("Withings.Sdk", StringComparison.Ordinal) == true;

    private static bool IsGenericList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition && (definition == typeof(IList<>) || definition == typeof(List<>));

    private static HashSet<string> DocumentedKeys()
    {
        var page = File.ReadAllText(Path.Combine(DocPages.Root, "docs", "configuration.md"));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in page.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = row.Split('|')[1];
            foreach (Match key in DocumentedKey().Matches(firstCell))
            {
                keys.Add(key.Groups["key"].Value);
            }
        }

        return keys;
    }

    [GeneratedRegex("`(?<key>Withings(?::[A-Za-z]+)+)`")]
    private static partial Regex DocumentedKey();
}
