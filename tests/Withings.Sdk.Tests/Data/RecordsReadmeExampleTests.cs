using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Data;

/// <summary>docs/running-plans.md's typed-records example, compiled here and run on documented responses.</summary>
public sealed class RecordsReadmeExampleTests
{
    [Test]
    [NonParallelizable]
    public async Task ReadmeExample_SleepSummaryAndWorkout_PrintsTheTypedValues()
    {
        using var harness = new Harness();
        harness.Api.ReplyInTurn("/v2/sleep", WithingsReply.Json(Fixture.Response("sleep-getsummary.json")));
        harness.Api.ReplyInTurn("/v2/measure", WithingsReply.Json(Fixture.Response("getworkouts.json")));
        var plan = new FetchPlan(
        [
            new FetchRequest(Harness.UserId, "/v2/sleep", [new("action", "getsummary")], false),
            new FetchRequest(Harness.UserId, "/v2/measure", [new("action", "getworkouts")], false),
        ]);
        var results = await harness.Data.ExecuteAsync(plan, "explicit-access");
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Print(results);
        }
        finally
        {
            Console.SetOut(original);
        }

        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "2020-07-09: slept 02:43:20 (Europe/Paris)",
            "Other: 03:13:20, 320 kcal");
    }

    private static void Print(IReadOnlyList<FetchResult> results)
    {
        foreach (var result in results) // from IWithingsDataClient.ExecuteAsync(plan)
        {
            switch (result.Records)
            {
                case FetchRecords<SleepSummary> nights:
                    foreach (var night in nights.Items)
                    {
                        Console.WriteLine($"{night.Date:yyyy-MM-dd}: slept {night.Data?.TotalSleepTime} ({night.TimeZone})");
                    }

                    break;
                case FetchRecords<Workout> workouts:
                    foreach (var workout in workouts.Items)
                    {
                        Console.WriteLine($"{workout.Category}: {workout.EndDate - workout.StartDate}, {workout.Data?.Calories} kcal");
                    }

                    break;
                case FetchRecords<EcgRecording> recordings:
                    foreach (var ecg in recordings.Items)
                    {
                        Console.WriteLine($"ECG {ecg.Ecg?.Afib}: {ecg.Signal?.Signal?.Count} samples at {ecg.Signal?.SamplingFrequency} Hz");
                    }

                    break;
            }
        }

        // Or one row type directly: an empty list for the other services.
        IReadOnlyList<SleepSummary> allNights = results[0].GetRecords<SleepSummary>();
        _ = allNights; // test-only
    }
}
