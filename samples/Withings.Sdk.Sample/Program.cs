using Withings.Sdk.Sample;

return await SampleApp.RunAsync(args, Console.In, Console.Out, Console.Error);
