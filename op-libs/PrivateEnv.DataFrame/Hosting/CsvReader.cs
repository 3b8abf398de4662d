using System.Text;

namespace PrivateEnv.DataFrame.Hosting;

/// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF.</summary>
public static class CsvReader
{
    public static IEnumerable<List<string>> ReadRecords(TextReader reader)
    {
        var field = new StringBuilder();
        var record = new List<string>();
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else inQuotes = false;
                }
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': inQuotes = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    record.Add(field.ToString()); field.Clear();
                    yield return record;
                    record = new List<string>();
                    any = false;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (inQuotes) throw new InvalidDataException("CSV ends inside a quoted field.");
        if (any)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
