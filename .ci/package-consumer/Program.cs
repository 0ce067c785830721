using System.IO.Compression;
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

using (var package = ZipFile.OpenRead(args[0]))
{
    var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    Check(entries.Contains("README.md"), "package README.md");
    foreach (var tfm in new[] { "netstandard2.0", "net8.0" })
    {
        Check(entries.Contains($"lib/{tfm}/Withings.Sdk.dll"), $"lib/{tfm}/Withings.Sdk.dll");
        Check(entries.Contains($"lib/{tfm}/Withings.Sdk.xml"), $"lib/{tfm}/Withings.Sdk.xml (XML docs)");
    }

    var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
    using var reader = new StreamReader(nuspec.Open());
    var text = reader.ReadToEnd();
    Check(text.Contains("<license type=\"expression\">MIT</license>", StringComparison.Ordinal), "MIT license expression");
    Check(text.Contains("<readme>README.md</readme>", StringComparison.Ordinal), "readme in nuspec");
    Check(text.Contains("<repository type=\"git\"", StringComparison.Ordinal), "repository metadata");
    Check(text.Contains("<tags>", StringComparison.Ordinal), "tags");
}

Check(File.Exists(args[1]), "symbols package (.snupkg)");

using (var receiver = ZipFile.OpenRead(args[2]))
{
    var entries = receiver.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    Check(entries.Contains("lib/net8.0/Withings.Sdk.AspNetCore.dll"), "Withings.Sdk.AspNetCore: lib/net8.0 assembly");
    Check(entries.Contains("lib/net8.0/Withings.Sdk.AspNetCore.xml"), "Withings.Sdk.AspNetCore: XML docs");
    Check(entries.Any(e => e.EndsWith(".md", StringComparison.Ordinal)), "Withings.Sdk.AspNetCore: package README");
}

var notification = new NotificationParser().Parse("foo=bar&userid=12345&appli=1&startdate=1530576000&enddate=1530698753");
Check(notification is WeightNotification { UserId: 12345 }, "NotificationParser from the installed package");

if (failures.Count > 0)
{
    Console.WriteLine($"{failures.Count} package check(s) failed");
    return 1;
}

return 0;
