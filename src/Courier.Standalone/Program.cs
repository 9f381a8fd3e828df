using Courier.Hosting.Hosting;
using Courier.Standalone.Hosting;
using Courier.Storage.Scheduling;

if (CourierCommands.TryRun(args, Console.Out) is { } exitCode) return exitCode;

var builder = StandaloneHost.CreateBuilder(args);
builder.Services
    .AddCourierStorage(builder.Configuration)
    .AddCourierSchedulingStorage()
    .AddCourierJobs(builder.Configuration);

var app = builder.Build();
app.MapCourier();
await app.RunAsync();
return 0;

/// <summary>The standalone host's entry point; public so tests can reach the assembly through it.</summary>
public partial class Program;
