using System.Text.Encodings.Web;
using System.Text.Unicode;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using Monitoring.Api.Access;
using Monitoring.Api.Data;
using Monitoring.Api.Docs;
using Monitoring.Api.Downlink;
using Monitoring.Api.Endpoints;
using Monitoring.Api.Live;
using Monitoring.Storage;

namespace Monitoring.Api;

/// <summary>Wiring of the HTTP API into a host: <c>builder.Services.AddMonitoringApi(options)</c>, then <c>app.MapMonitoringApi()</c>.</summary>
public static class MonitoringApiExtensions
{
    public static IServiceCollection AddMonitoringApi(this IServiceCollection services, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new ApiDatabase(MonitoringDataSource.Create(options.ConnectionString)));
        services.AddSingleton<AlertReader>();
        services.AddSingleton<VehicleReader>();
        services.AddSingleton<ReferenceReader>();
        services.AddSingleton<ReportReader>();
        services.AddSingleton<FleetReader>();
        services.TryAddSingleton<ITerminalDownlink, MqttDownlink>();
        services.AddSingleton<AlertStreamSubscribers>();
        services.AddSingleton<AlertStreamHub>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertStreamHub>());
        services.AddMediator((MediatorOptions o) =>
        {
            o.Namespace = "Monitoring.Api.Mediator";
            o.ServiceLifetime = ServiceLifetime.Singleton;
            o.GenerateTypesAsInternal = true;
            o.Assemblies = [typeof(ApiOptions)];
        });

        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        services.AddAuthentication(ApiKeyAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "两客一危 monitoring API",
                Version = "v1",
                Description = "Alerts, handling, county reports, fleet and webhooks for duty staff, county centres and carriers. "
                    + "Every /api call needs `Authorization: Bearer <key>` (keys: `monitoring keys create`); what a key sees is its scope "
                    + "(center: all; county: one county; carrier: one carrier). Another scope's vehicle, alert, county or carrier is 404. "
                    + "Errors are RFC 7807 problem details; validation errors are 400 with `errors`. See docs/api.md.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (mk_…).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Maps <c>/api/…</c>, <c>/openapi/v1.json</c> and the docs page <c>/api/docs</c>, with the error and authentication middleware they need.</summary>
    public static WebApplication MapMonitoringApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/api/docs", () => TypedResults.Content(DocsPage.Html, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapFleet();
        api.MapAlerts();
        api.MapCounties();
        api.MapWebhooks();
        return app;
    }

    /// <summary>Lets the live stream look for new alert events now (call it on <c>NOTIFY alert_events</c>).</summary>
    public static void WakeAlertStream(this IServiceProvider services) => services.GetRequiredService<AlertStreamHub>().Wake();
}
