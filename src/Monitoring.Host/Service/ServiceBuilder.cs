using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Monitoring.Host.Service;

/// <summary>The web host both `monitoring serve` and `monitoring api` start from: settings beside the executable, one-line console logs.</summary>
static class ServiceBuilder
{
    public static WebApplicationBuilder Create(string[] configurationArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        return builder;
    }
}
