using Monitoring.Api.Access;
using Monitoring.Storage;

namespace Monitoring.Api.Live;

/// <summary>What one stream client receives: the caller's scope ANDed with its query filters; late episodes never.</summary>
public sealed record StreamFilter(Caller Caller, int? CountyId, long? CarrierId, string? Rule, short? MinSeverity)
{
    public bool Matches(LiveAlert e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return !e.Late
            && Caller.Role switch
            {
                ApiRole.Center => true,
                ApiRole.County => e.CountyId == Caller.CountyId,
                _ => e.CarrierId == Caller.CarrierId,
            }
            && (CountyId is null || e.CountyId == CountyId)
            && (CarrierId is null || e.CarrierId == CarrierId)
            && (Rule is null || e.Alert.Rule == Rule || (!Rule.Contains(':', StringComparison.Ordinal) && e.Alert.Rule.StartsWith(Rule + ":", StringComparison.Ordinal)))
            && (MinSeverity is null || e.Severity >= MinSeverity);
    }

    /// <summary>The same filter for <see cref="AlertEventStore.ReadAfterAsync"/> (scope in SQL), or null when scope and
    /// filters contradict each other (a county key asking for another county) and nothing can match.</summary>
    public AlertEventFilter? ToStoreFilter()
    {
        int? county = CountyId;
        long? carrier = CarrierId;
        switch (Caller.Role)
        {
            case ApiRole.County when county is not null && county != Caller.CountyId:
            case ApiRole.Carrier when carrier is not null && carrier != Caller.CarrierId:
                return null;
            case ApiRole.County:
                county = Caller.CountyId;
                break;
            case ApiRole.Carrier:
                carrier = Caller.CarrierId;
                break;
        }

        return new AlertEventFilter(carrier, county, Rule, MinSeverity, IncludeLate: false);
    }
}
