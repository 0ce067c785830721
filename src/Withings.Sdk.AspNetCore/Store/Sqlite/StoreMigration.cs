namespace Withings.Sdk.AspNetCore;

/// <summary>
/// One step of the store's schema: the statements that take a file from the version before it to the next, run in
/// one transaction together with the new <c>PRAGMA user_version</c>, so that a file is always at one version or the
/// next, never between.
/// </summary>
/// <param name="Description">What the step adds, for the upgrade's log line.</param>
/// <param name="Statements">The SQL, run in order; constant text, no values.</param>
internal sealed record StoreMigration(string Description, params IReadOnlyList<string> Statements);
