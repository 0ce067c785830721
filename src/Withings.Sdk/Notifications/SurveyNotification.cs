namespace Withings.Sdk;

/// <summary>New survey answers: fetch them with the signed Answers v2 - Get (appli 60).</summary>
public sealed record SurveyNotification : WindowNotification
{
    /// <inheritdoc />
    public override NotificationCategory Appli => NotificationCategory.Survey;
}
