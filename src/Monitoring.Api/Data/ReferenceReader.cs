using Monitoring.Api.Access;
using Monitoring.Storage;
using NpgsqlTypes;

namespace Monitoring.Api.Data;

/// <summary>Counties and carriers within the caller's scope (a carrier key sees its own carrier and that carrier's county).</summary>
sealed class ReferenceReader(ApiDatabase database)
{
    public async Task<IReadOnlyList<County>> CountiesAsync(Caller caller, int? id, CancellationToken cancellationToken)
    {
        var sql = new Sql("SELECT c.id, c.name FROM counties c WHERE ");
        sql.Append(caller.CountyCondition(sql, "c.id"));
        if (id is { } county)
        {
            sql.Append($" AND c.id = {sql.P(county, NpgsqlDbType.Integer)}");
        }

        sql.Append(" ORDER BY c.id");
        await using var command = sql.Command(database.DataSource);
        var list = new List<County>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new County(r.GetInt32(0), r.GetString(1)));
        }

        return list;
    }

    public async Task<IReadOnlyList<Carrier>> CarriersAsync(Caller caller, int? countyId, long? id, CancellationToken cancellationToken)
    {
        var sql = new Sql("SELECT c.id, c.name, c.county_id FROM carriers c WHERE ");
        sql.Append(caller.Condition(sql, "c.county_id", "c.id"));
        if (countyId is { } county)
        {
            sql.Append($" AND c.county_id = {sql.P(county, NpgsqlDbType.Integer)}");
        }

        if (id is { } carrier)
        {
            sql.Append($" AND c.id = {sql.P(carrier, NpgsqlDbType.Bigint)}");
        }

        sql.Append(" ORDER BY c.id");
        await using var command = sql.Command(database.DataSource);
        var list = new List<Carrier>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new Carrier(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));
        }

        return list;
    }
}
