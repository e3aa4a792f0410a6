using Monitoring.Api.Data;
using Monitoring.Storage;
using NpgsqlTypes;

namespace Monitoring.Api.Access;

/// <summary>
/// The caller's scope as a SQL condition, so that every query filters in its WHERE clause and another scope's
/// rows are never read: <c>center</c> sees all, <c>county</c> rows of its county, <c>carrier</c> rows of its carrier.
/// </summary>
static class ScopeSql
{
    /// <summary>The condition on a row's county and carrier columns (a carrier-less table passes null and a carrier key sees nothing of it).</summary>
    public static string Condition(this Caller caller, Sql sql, string countyColumn, string? carrierColumn) => caller.Role switch
    {
        ApiRole.Center => "true",
        ApiRole.County => $"{countyColumn} = {sql.P(caller.CountyId, NpgsqlDbType.Integer)}",
        ApiRole.Carrier when carrierColumn is not null => $"{carrierColumn} = {sql.P(caller.CarrierId, NpgsqlDbType.Bigint)}",
        _ => "false",
    };

    /// <summary>True when a county-level row (a county itself) is visible: a carrier key sees its carrier's county.</summary>
    public static string CountyCondition(this Caller caller, Sql sql, string countyColumn) => caller.Role switch
    {
        ApiRole.Center => "true",
        ApiRole.County => $"{countyColumn} = {sql.P(caller.CountyId, NpgsqlDbType.Integer)}",
        _ => $"{countyColumn} = (SELECT county_id FROM carriers WHERE id = {sql.P(caller.CarrierId, NpgsqlDbType.Bigint)})",
    };
}
