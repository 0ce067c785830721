namespace Withings.Sdk.Testing;

/// <summary>A notification subscription the <see cref="WithingsLookAlike"/> holds, as <c>notify list</c> shows it.</summary>
/// <param name="UserId">The user who subscribed; 0 for the application-wide appli 53 subscription.</param>
/// <param name="Appli">The category number, for example 1 for weight.</param>
/// <param name="CallbackUrl">The callback URL, as sent.</param>
/// <param name="Comment">The comment, as sent.</param>
public sealed record LookAlikeSubscription(long UserId, int Appli, string CallbackUrl, string Comment);
