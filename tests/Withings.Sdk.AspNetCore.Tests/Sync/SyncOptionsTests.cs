using Microsoft.Extensions.Options;

namespace Withings.Sdk.AspNetCore.Tests.Sync;

public sealed class SyncOptionsTests
{
    [Test]
    public void Defaults_are_valid_with_a_two_second_window()
    {
        var options = new WithingsSyncOptions();
        new WithingsSyncOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
        options.BatchWindow.Should().Be(TimeSpan.FromSeconds(2));
        options.Retry.MaxAttempts.Should().Be(3, "a user's part is tried 3 times in all, as before the retry words were shared");
        options.Retry.BaseDelay.Should().Be(TimeSpan.FromSeconds(5));
    }

    [TestCase(nameof(WithingsSyncOptions.MaxBatch))]
    [TestCase(nameof(WithingsSyncOptions.UserConcurrency))]
    [TestCase("Retry:MaxAttempts")]
    [TestCase("Retry:BaseDelay")]
    [TestCase(nameof(WithingsSyncOptions.BatchWindow))]
    [TestCase(nameof(WithingsSyncOptions.FetchDeadline))]
    public void Out_of_range_setting_fails_naming_it(string setting)
    {
        var options = new WithingsSyncOptions();
        switch (setting)
        {
            case nameof(WithingsSyncOptions.MaxBatch): options.MaxBatch = 0; break;
            case nameof(WithingsSyncOptions.UserConcurrency): options.UserConcurrency = 0; break;
            case "Retry:MaxAttempts": options.Retry.MaxAttempts = 0; break;
            case "Retry:BaseDelay": options.Retry.BaseDelay = TimeSpan.FromHours(2); break;
            case nameof(WithingsSyncOptions.FetchDeadline): options.FetchDeadline = TimeSpan.Zero; break;
            default: options.BatchWindow = TimeSpan.FromSeconds(-1); break;
        }

        var result = new WithingsSyncOptionsValidator().Validate(null, options);
        result.Failed.Should().BeTrue();
        result.Failures.Should().ContainSingle().Which.Should().StartWith("Withings:Sync:" + setting + ": must be ");
    }
}
