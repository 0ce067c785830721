using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>Checks the reconciler's options at start, naming the setting at fault.</summary>
internal sealed class WithingsReconcilerOptionsValidator : IValidateOptions<WithingsReconcilerOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsReconcilerOptions options)
    {
        var failures = new List<string>();
        if (options.CallbackUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Reconciler.CallbackUrl: required, an absolute URL such as https://example.com/withings/notify");
        }

        if (options.Categories is null || options.Categories.Count == 0)
        {
            failures.Add("Reconciler.Categories: name at least one category, for example NotificationCategory.Weight");
        }
        else if (options.Categories.Contains(NotificationCategory.NoAccountAssociated))
        {
            failures.Add("Reconciler.Categories: appli 53 is subscribed once per application (SubscribeNoAccountAssociatedAsync), not per user");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add("Reconciler.Interval: must be more than 0");
        }

        if (options.InitialDelay < TimeSpan.Zero)
        {
            failures.Add("Reconciler.InitialDelay: must not be negative");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
