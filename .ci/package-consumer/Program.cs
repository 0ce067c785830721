using System.IO.Compression;
using System.Text.RegularExpressions;
using Withings.Sdk;

var failures = new List<string>();
void Check(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    if (!condition)
    {
        failures.Add(what);
    }
}

// What every package must carry: a README whose links work on a package page, the icon, release notes, and a
// dependency group per target framework holding only what that framework lacks.
string CheckPackage(string path, string id, string[] tfms)
{
    using var package = ZipFile.OpenRead(path);
    var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    foreach (var tfm in tfms)
    {
        Check(entries.Contains($"lib/{tfm}/{id}.dll"), $"{id}: lib/{tfm}/{id}.dll");
        Check(entries.Contains($"lib/{tfm}/{id}.xml"), $"{id}: lib/{tfm}/{id}.xml (XML docs)");
    }

    Check(entries.Contains("icon.png"), $"{id}: icon.png");
    Check(entries.Contains("README.md"), $"{id}: README.md");
    using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
    {
        var relative = Regex.Matches(readme.ReadToEnd(), @"\]\((?!https?:|#|mailto:)([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Check(relative.Count == 0, $"{id}: README links are absolute{(relative.Count > 0 ? " (relative: " + string.Join(", ", relative.Take(3)) + ")" : "")}");
    }

    var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
    using var reader = new StreamReader(nuspec.Open());
    var text = reader.ReadToEnd();
    Check(text.Contains("<license type=\"expression\">MIT</license>", StringComparison.Ordinal), $"{id}: MIT license expression");
    Check(text.Contains("<readme>README.md</readme>", StringComparison.Ordinal), $"{id}: readme in nuspec");
    Check(text.Contains("<icon>icon.png</icon>", StringComparison.Ordinal), $"{id}: icon in nuspec");
    Check(text.Contains("CHANGELOG.md</releaseNotes>", StringComparison.Ordinal), $"{id}: release notes point to CHANGELOG.md");
    Check(text.Contains("<repository type=\"git\"", StringComparison.Ordinal), $"{id}: repository metadata");
    Check(text.Contains("<tags>", StringComparison.Ordinal), $"{id}: tags");
    return text;
}

// The dependencies a target framework lists, by package id.
static HashSet<string> Group(string nuspec, string targetFramework)
{
    var group = Regex.Match(nuspec, $"<group targetFramework=\"{Regex.Escape(targetFramework)}\">(.*?)</group>", RegexOptions.Singleline);
    return Regex.Matches(group.Groups[1].Value, "<dependency id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
}

// In the box on net10.0 (Microsoft.NETCore.App), so only netstandard2.0 may list them.
string[] inTheBox = ["System.Text.Json", "System.Memory", "Microsoft.Bcl.AsyncInterfaces", "Microsoft.Bcl.TimeProvider", "System.Threading.Channels", "System.Diagnostics.DiagnosticSource"];

var sdk = CheckPackage(args[0], "Withings.Sdk", ["netstandard2.0", "net10.0"]);
Check(!sdk.Contains("targetFramework=\"net8.0\"", StringComparison.Ordinal), "Withings.Sdk: no net8.0 group (.NET 8 is out of support)");
var net10 = Group(sdk, "net10.0");
Check(net10.Count > 0 && !net10.Overlaps(inTheBox), $"Withings.Sdk net10.0 group lists nothing .NET 10 has in the box ({string.Join(", ", net10.Intersect(inTheBox))})");
Check(Group(sdk, ".NETStandard2.0").Contains("System.Text.Json"), "Withings.Sdk netstandard2.0 group lists System.Text.Json");
Check(File.Exists(args[1]), "symbols package (.snupkg)");

// Microsoft.AspNetCore.App carries Microsoft.Extensions.* and System.Threading.RateLimiting: the receiver lists neither.
var receiver = Group(CheckPackage(args[2], "Withings.Sdk.AspNetCore", ["net10.0"]), "net10.0");
Check(!receiver.Any(d => d.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || inTheBox.Contains(d)), $"Withings.Sdk.AspNetCore: net10.0 group lists no framework package ({string.Join(", ", receiver)})");

// Withings.Sdk.Redis is not on ASP.NET Core's framework (a worker that only shares the rate limit takes neither ASP.NET
// Core nor the receiver): it lists Withings.Sdk, not the receiver package, and nothing .NET 10 has in the box.
var redis = Group(CheckPackage(args[3], "Withings.Sdk.Redis", ["net10.0"]), "net10.0");
Check(redis.Contains("Withings.Sdk") && !redis.Contains("Withings.Sdk.AspNetCore") && !redis.Overlaps(inTheBox), $"Withings.Sdk.Redis: net10.0 group lists Withings.Sdk, not the receiver package, nothing in the box ({string.Join(", ", redis)})");

var notification = new NotificationParser().Parse("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");
Check(notification is WeightNotification { UserId: 12345 }, "NotificationParser from the installed package");

if (failures.Count > 0)
{
    Console.WriteLine($"{failures.Count} package check(s) failed");
    return 1;
}

return 0;
