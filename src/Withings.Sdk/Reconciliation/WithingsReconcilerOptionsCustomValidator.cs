using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>The reconciler's rules that no data annotation states; each failure names its configuration key.</summary>
internal sealed class WithingsReconcilerOptionsCustomValidator : IValidateOptions<WithingsReconcilerOptions>
{
    public ValidateOptionsResult Validate(string? name, WithingsReconcilerOptions options)
    {
        var failures = new List<string>();
        if (options.CallbackUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Withings:Reconciler:CallbackUrl: required, an absolute URL such as https://example.com/withings/notify");
        }

        if (options.Categories is null || options.Categories.Count == 0)
        {
            failures.Add("Withings:Reconciler:Categories: name at least one category, for example NotificationCategory.Weight");
        }
        else if (options.Categories.Contains(NotificationCategory.NoAccountAssociated))
        {
            failures.Add("Withings:Reconciler:Categories: appli 53 is subscribed once per application (SubscribeNoAccountAssociatedAsync), not per user");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
