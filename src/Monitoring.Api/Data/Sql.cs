using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Monitoring.Api.Data;

/// <summary>A statement built piece by piece with positional parameters (<c>$1</c>, <c>$2</c>, …).</summary>
sealed class Sql
{
    readonly StringBuilder _text = new();
    readonly List<NpgsqlParameter> _parameters = [];

    public Sql(string text) => _text.Append(text);

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string P(object? value, NpgsqlDbType type)
    {
        _parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return "$" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public Sql Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public NpgsqlCommand Command(NpgsqlDataSource dataSource)
    {
        var command = dataSource.CreateCommand(_text.ToString());
        command.Parameters.AddRange(_parameters.ToArray());
        return command;
    }

    public NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var command = new NpgsqlCommand(_text.ToString(), connection, transaction);
        command.Parameters.AddRange(_parameters.ToArray());
        return command;
    }

    public override string ToString() => _text.ToString();
}
