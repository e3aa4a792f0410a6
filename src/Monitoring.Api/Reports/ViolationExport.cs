using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Monitoring.Api.Alerts;
using Monitoring.Api.Contracts;

namespace Monitoring.Api.Reports;

/// <summary>
/// The daily violation list as rows (JSON), CSV (UTF-8 with BOM, so that Excel in a Chinese locale reads it) and
/// XLSX (MiniExcel, streamed). Files carry Chinese headers, Chinese names for colour, rule, severity and
/// handling, and Beijing times.
/// </summary>
static class ViolationExport
{
    public static readonly string[] Headers =
        ["车牌号", "车牌颜色", "业户", "违规类型", "开始时间", "结束时间", "持续时长(秒)", "最高速度(km/h)", "限速(km/h)", "等级", "处置状态"];

    public static ViolationRow Row(Alert a) => new(a.Id, a.Plate, a.PlateColour, a.PlateColourName, a.CarrierName, a.Rule, a.Start, a.End, a.DurationSeconds,
        a.MaxSpeedKmh, a.LimitKmh, a.Severity, a.Handling);

    public static async Task WriteCsvAsync(Stream stream, IEnumerable<Alert> alerts, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', Headers) + "\r\n").ConfigureAwait(false);
        foreach (var alert in alerts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(string.Join(',', Cells(alert).Select(Csv)) + "\r\n").ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteXlsxAsync(Stream stream, IEnumerable<Alert> alerts, string sheetName, CancellationToken cancellationToken)
    {
        var rows = alerts.Select(a =>
        {
            var cells = Cells(a);
            var row = new Dictionary<string, object?>(Headers.Length);
            for (int i = 0; i < Headers.Length; i++)
            {
                row[Headers[i]] = cells[i];
            }

            return row;
        });
        // MiniExcel writes synchronously inside; Kestrel refuses synchronous writes, so it goes through a buffer.
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(rows, sheetName: sheetName, excelType: ExcelType.XLSX, cancellationToken: cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cells of a row: text, or numbers where the column is a number (so spreadsheets can sum them).</summary>
    static object?[] Cells(Alert a) =>
    [
        a.Plate,
        a.PlateColourName,
        a.CarrierName,
        Labels.Rule(a.Rule),
        Beijing(a.Start),
        a.End is { } end ? Beijing(end) : "",
        a.DurationSeconds,
        a.MaxSpeedKmh is { } max ? Math.Round(max, 1) : null,
        a.LimitKmh is { } limit ? Math.Round(limit, 1) : null,
        Labels.Severity(a.Severity),
        Labels.Handling(a.Handling),
    ];

    static string Beijing(DateTime utc) => utc.Add(Storage.ShanghaiTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    static string Csv(object? value)
    {
        string text = value switch
        {
            null => "",
            double d => d.ToString("0.#", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // RFC 4180 quoting; a leading = + - @ is prefixed so that a spreadsheet does not run it as a formula.
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && value is string)
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
