using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Monitoring.Api.Endpoints;

/// <summary>Collects what is wrong with a request, field by field, for a 400 validation problem.</summary>
sealed class Input
{
    readonly Dictionary<string, List<string>> _errors = [];

    public bool Valid => _errors.Count == 0;

    public void Error(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IResult Problem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "The request is not valid.",
        detail: string.Join(" ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));

    /// <summary>An ISO 8601 instant with a zone (<c>2026-11-20T08:00:00Z</c> or <c>+08:00</c>), as UTC.</summary>
    public DateTime? Instant(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return value.UtcDateTime;
        }

        Error(field, $"'{text}' is not an ISO 8601 time with a zone, e.g. 2026-11-20T08:00:00Z or 2026-11-20T16:00:00+08:00.");
        return null;
    }

    /// <summary>A calendar day <c>yyyy-MM-dd</c>.</summary>
    public DateOnly? Day(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        Error(field, $"'{text}' is not a date (yyyy-MM-dd).");
        return null;
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Error(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, not {v}."));
        }
    }

    /// <summary>The days [from, to] of a report: either <c>date</c>, or <c>from</c> and <c>to</c> (at most <paramref name="maxDays"/>).</summary>
    public (DateOnly From, DateOnly To) Days(string? date, string? from, string? to, int maxDays, DateOnly today)
    {
        if (date is not null && (from is not null || to is not null))
        {
            Error("date", "give either date, or from and to, not both.");
            return (today, today);
        }

        if (date is not null)
        {
            var d = Day("date", date) ?? today;
            return (d, d);
        }

        if (from is null && to is null)
        {
            return (today, today);
        }

        var f = Day("from", from ?? to);
        var t = Day("to", to ?? from);
        if (f is null || t is null)
        {
            return (today, today);
        }

        if (t < f)
        {
            Error("to", "is before from.");
        }
        else if (t.Value.DayNumber - f.Value.DayNumber + 1 > maxDays)
        {
            Error("to", string.Create(CultureInfo.InvariantCulture, $"the range is longer than {maxDays} days."));
        }

        return (f.Value, t.Value);
    }
}
