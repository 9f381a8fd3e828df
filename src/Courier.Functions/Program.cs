using Courier.Functions.Worker;
using Courier.Hosting.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<CourierHttpMiddleware>();
builder.Services
    .AddCourierWorker(builder.Configuration)
    .AddCourierStorage(builder.Configuration)
    .AddCourierJobs(builder.Configuration);
builder.Logging.AddCourierWorkerLogging();
builder.Build().Run();
