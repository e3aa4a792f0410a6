using System.Text;

namespace Monitoring.Host.Rules;

/// <summary>Splits one CSV line (RFC 4180 quoting, no line breaks inside fields) into trimmed fields.</summary>
static class CsvLine
{
    public static bool TrySplit(string line, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString().Trim());
        return !quoted;
    }

    /// <summary>Column positions by header name; false if a required column is missing.</summary>
    public static bool TryMapHeader(List<string> header, string[] required, out int[] columns, out string missing)
    {
        columns = new int[required.Length];
        missing = "";
        for (var i = 0; i < required.Length; i++)
        {
            columns[i] = header.FindIndex(h => string.Equals(h, required[i], StringComparison.OrdinalIgnoreCase));
            if (columns[i] < 0)
            {
                missing = required[i];
                return false;
            }
        }
        return true;
    }

    public static bool TryParseFlag(string value, out bool flag)
    {
        switch (value)
        {
            case "1" or "true" or "TRUE" or "True":
                flag = true;
                return true;
            case "0" or "false" or "FALSE" or "False":
                flag = false;
                return true;
            default:
                flag = false;
                return false;
        }
    }
}
