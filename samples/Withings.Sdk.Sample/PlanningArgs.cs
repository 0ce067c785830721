using System.Globalization;

namespace Withings.Sdk.Sample;

/// <summary>The planning switches shared by <c>plan</c> and <c>fetch</c>: <c>--now</c>, <c>--since</c>, <c>--tz</c>.</summary>
internal static class PlanningArgs
{
    /// <summary>The clock: fixed at <c>--now EPOCH</c> when given, the system clock otherwise.</summary>
    public static TimeProvider Clock(CommandArgs args) =>
        ReadInstant(args, "--now") is { } now ? new FixedTimeProvider(now) : TimeProvider.System;

    /// <summary>
    /// The context every user gets: <c>--tz IANA</c> (default unknown, which widens the day ranges; <c>--tz UTC</c>
    /// plans in UTC) and <c>--since EPOCH</c>.
    /// </summary>
    public static PlanningContext Context(CommandArgs args)
    {
        var zone = args.Option("--tz");
        return new PlanningContext
        {
            TimeZone = zone is null ? null : FindTimeZone(zone),
            Since = ReadInstant(args, "--since"),
        };
    }

    private static DateTimeOffset? ReadInstant(CommandArgs args, string name)
    {
        var seconds = args.LongOption(name);
        if (seconds is null)
        {
            return null;
        }

        return seconds <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value)
            : throw new CommandLineException($"{name}: '{seconds.Value.ToString(CultureInfo.InvariantCulture)}' is not a unix timestamp (seconds)");
    }

    private static TimeZoneInfo FindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new CommandLineException($"--tz: '{id}' is not a known IANA time zone (for example Europe/Paris)");
        }
    }
}
