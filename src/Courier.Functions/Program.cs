using Courier.Functions.Hosting;
using Courier.Functions.Jobs.Conversions;
using Courier.Functions.Jobs.Recovery;
using Courier.Storage.Scheduling;

if (CourierCommands.TryRun(args, Console.Out) is { } exitCode) return exitCode;

var builder = CourierHost.CreateBuilder(args);
builder.Services
    .AddCourierStorage(builder.Configuration)
    .AddCourierSchedulingStorage()
    .AddRecovery()
    .AddConversions(builder.Configuration);

var app = builder.Build();
app.MapCourier();
await app.RunAsync();
return 0;

/// <summary>The host's entry point; public so tests can reach the assembly through it.</summary>
public partial class Program;
