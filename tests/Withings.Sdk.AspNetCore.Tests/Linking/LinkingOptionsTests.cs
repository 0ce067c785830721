using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests.Linking;

/// <summary>Linking's settings are checked when the host starts, from configuration, with messages naming the keys.</summary>
public sealed class LinkingOptionsTests
{
    [Test]
    public async Task Start_InvalidLinkingSettings_FailsNamingEachKeyWithoutTheSecrets()
    {
        await using var app = Build(new()
        {
            ["Withings:Linking:RedirectUri"] = "/withings/link/callback",
            ["Withings:Linking:Scopes:0"] = "user.metrics,user.activity",
            ["Withings:Linking:Categories:0"] = "53",
            ["Withings:Linking:StateLifetime"] = "00:00:01",
        });

        var start = () => app.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Failures.Should().Contain(
        [
            "Withings:Linking:RedirectUri: must be an absolute http(s) URL such as https://example.com/withings/link/callback (leave it unset to build it from each request).",
            "Withings:Linking:Scopes: each scope is one name such as user.metrics, without commas or spaces.",
            "Withings:Linking:CallbackUrl: required when Withings:Linking:Categories is set; it is the URL notifications are subscribed to.",
            "Withings:Linking:Categories: appli 53 is subscribed once per application (SubscribeNoAccountAssociatedAsync), not per user.",
            "Withings:ClientId: required to link users; it is the client id of your Withings application.",
            "Withings:ClientSecret: required to link users (the code exchange sends it); keep it in a secret store.",
        ]);
        failure.Failures.Should().Contain(f => f.Contains("StateLifetime", StringComparison.Ordinal));
    }

    [Test]
    public async Task Start_CallbackUrlWithoutCategories_FailsWithoutQuotingTheUrl()
    {
        await using var app = Build(new()
        {
            ["Withings:ClientId"] = "client-id",
            ["Withings:ClientSecret"] = "client-secret-9d2e",
            ["Withings:Linking:CallbackUrl"] = "https://app.example/withings/notify?secret=hidden-5c1f",
        });

        var start = () => app.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Failures.Should().Equal("Withings:Linking:Categories: name at least one category (for example 1 for weight) when Withings:Linking:CallbackUrl is set.");
        failure.Message.Should().NotContain("hidden-5c1f").And.NotContain("client-secret-9d2e");
    }

    [Test]
    public async Task Start_ValidSettingsFromConfiguration_BindsThem()
    {
        await using var app = Build(new()
        {
            ["Withings:ClientId"] = "client-id",
            ["Withings:ClientSecret"] = "client-secret",
            ["Withings:Linking:RedirectUri"] = "https://app.example/withings/link/callback",
            ["Withings:Linking:Scopes:0"] = "user.metrics",
            ["Withings:Linking:CallbackUrl"] = "https://app.example/withings/notify?secret=s",
            ["Withings:Linking:Categories:0"] = "Weight",
            ["Withings:Linking:Categories:1"] = "44",
            ["Withings:Linking:StateLifetime"] = "00:05:00",
            ["Withings:Linking:AllowDemoUser"] = "true",
        });

        await app.StartAsync();
        var options = app.Services.GetRequiredService<IOptions<WithingsLinkingOptions>>().Value;
        await app.StopAsync();

        options.RedirectUri.Should().Be(new Uri("https://app.example/withings/link/callback"));
        options.Scopes.Should().Equal("user.metrics");
        options.Categories.Should().Equal(NotificationCategory.Weight, NotificationCategory.Sleep);
        options.StateLifetime.Should().Be(TimeSpan.FromMinutes(5));
        options.AllowDemoUser.Should().BeTrue();
    }

    [Test]
    public void Map_NoOnUserLinkedHandler_ThrowsSayingWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWithingsNotifications().AddLinking();
        using var app = builder.Build();

        var map = () => app.MapWithingsLinking();

        map.Should().Throw<InvalidOperationException>().WithMessage("*.AddLinking().OnUserLinked<YourHandler>()*");
    }

    [Test]
    public void Map_LinkingNotRegistered_ThrowsSayingWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWithingsNotifications();
        using var app = builder.Build();

        var map = () => app.MapWithingsLinking();

        map.Should().Throw<InvalidOperationException>().WithMessage("Withings linking is not registered*");
    }

    [TestCase("withings/link")]
    [TestCase("/withings/{user}")]
    public void Map_PrefixNotALiteralPath_Throws(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWithingsNotifications().AddLinking().OnUserLinked((_, _) => Task.CompletedTask);
        using var app = builder.Build();

        var map = () => app.MapWithingsLinking(prefix);

        map.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("prefix: a literal path");
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        InMemoryKeyRing.AddTo(builder.Services);
        builder.Services.AddWithingsNotifications().AddLinking().OnUserLinked((_, _) => Task.CompletedTask);
        var app = builder.Build();
        app.MapWithingsLinking();
        return app;
    }
}
