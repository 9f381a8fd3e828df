using Courier.Functions.Worker;
using Microsoft.Extensions.Hosting;

CourierWorker.CreateBuilder(args).Build().Run();
