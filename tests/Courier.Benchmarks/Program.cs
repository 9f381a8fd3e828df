using Courier.Benchmarks;

return await BenchmarkApp.RunAsync(args);
