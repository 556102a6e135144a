using Microsoft.Extensions.Hosting;

new HostBuilder().ConfigureFunctionsWorkerDefaults().Build().Run();
