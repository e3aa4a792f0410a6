using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Monitoring.Api.Access;
using Monitoring.Api.Contracts;
using Monitoring.Api.Reports;
using Monitoring.Storage;

namespace Monitoring.Api.Endpoints;

/// <summary>County centres: the daily violation list (JSON, CSV, XLSX) and its summary.</summary>
static class CountyEndpoints
{
    const int MaxDays = 31;

    public static void MapCounties(this RouteGroupBuilder api)
    {
        var counties = api.MapGroup("/counties").WithTags("County centres");
        counties.MapGet("/{code:int}/violations", ViolationsAsync)
            .WithName("CountyViolations")
            .WithSummary("The county's violations that started on an Asia/Shanghai day (date) or days (from, to; at most 31), as JSON, CSV or XLSX.")
            .WithDescription("format=json (default) answers ViolationRow[]; csv and xlsx answer a file with Chinese headers (车牌号, 车牌颜色, 业户, 违规类型, 开始时间, 结束时间, 持续时长(秒), 最高速度(km/h), 限速(km/h), 等级, 处置状态) and Beijing times. A county outside the key's scope is 404; a carrier key gets its own vehicles' rows of its county.")
            .Produces<ViolationRow[]>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        counties.MapGet("/{code:int}/summary", SummaryAsync)
            .WithName("CountySummary")
            .WithSummary("The county's episodes of a day (or from–to) by rule and by carrier.")
            .Produces<ViolationSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> ViolationsAsync(Caller caller, IMediator mediator, TimeProvider time, HttpContext context, int code, string? date, string? from,
        string? to, string? format, CancellationToken cancellationToken)
    {
        var input = new Input();
        var (f, t) = input.Days(date, from, to, MaxDays, ShanghaiTime.DayOf(time.GetUtcNow().UtcDateTime));
        format = format?.ToLowerInvariant() ?? "json";
        if (format is not ("json" or "csv" or "xlsx"))
        {
            input.Error("format", "must be json, csv or xlsx.");
        }

        if (!input.Valid)
        {
            return input.Problem();
        }

        var list = await mediator.Send(new CountyViolations(caller, code, f, t), cancellationToken);
        if (list is null)
        {
            return Problems.NotFound("County");
        }

        if (format == "json")
        {
            return TypedResults.Ok(list.Alerts.Select(ViolationExport.Row).ToArray());
        }

        string days = f == t ? $"{f:yyyy-MM-dd}" : $"{f:yyyy-MM-dd}_{t:yyyy-MM-dd}";
        string name = $"violations-{code}-{days}.{format}";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        if (format == "csv")
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            await ViolationExport.WriteCsvAsync(context.Response.Body, list.Alerts, cancellationToken);
        }
        else
        {
            context.Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            await ViolationExport.WriteXlsxAsync(context.Response.Body, list.Alerts, $"{list.County.Name}违规明细", cancellationToken);
        }

        return TypedResults.Empty;
    }

    static async Task<IResult> SummaryAsync(Caller caller, IMediator mediator, TimeProvider time, int code, string? date, string? from, string? to,
        CancellationToken cancellationToken)
    {
        var input = new Input();
        var (f, t) = input.Days(date, from, to, 366, ShanghaiTime.DayOf(time.GetUtcNow().UtcDateTime));
        if (!input.Valid)
        {
            return input.Problem();
        }

        return await mediator.Send(new CountySummary(caller, code, f, t), cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : Problems.NotFound("County");
    }
}
