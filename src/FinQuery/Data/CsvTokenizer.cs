using System.Text;

namespace FinQuery.Data;

/// <summary>A field of a CSV record, with the 1-based line and column where it starts, and whether it was quoted.</summary>
internal readonly record struct CsvField(string Text, int Line, int Column, bool Quoted);

/// <summary>A record (a row) of a CSV file and the 1-based line it starts on.</summary>
internal sealed record CsvRecord(int Line, List<CsvField> Fields)
{
    /// <summary>True for an empty line, or a line of empty fields such as <c>,,,</c>.</summary>
    public bool IsBlank => Fields.TrueForAll(f => !f.Quoted && string.IsNullOrWhiteSpace(f.Text));
}

/// <summary>
/// Splits RFC 4180 text into records: comma-separated fields, <c>"quoted, fields"</c> with doubled
/// quotes inside and line breaks allowed, CRLF, LF or CR line ends. A quote inside an unquoted field
/// is kept as text. Blank lines are dropped. Errors name the line and column.
/// </summary>
internal static class CsvTokenizer
{
    public static List<CsvRecord> Read(string text, string file)
    {
        var records = new List<CsvRecord>();
        var sb = new StringBuilder();
        int i = 0, n = text.Length, line = 1, lineStart = 0;
        while (i < n)
        {
            var record = new CsvRecord(line, []);
            while (true)
            {
                int fieldLine = line, fieldColumn = i - lineStart + 1;
                string field;
                bool quoted = i < n && text[i] == '"';
                if (quoted)
                {
                    i++;
                    sb.Clear();
                    while (true)
                    {
                        if (i >= n)
                            throw new DataFileException(file, $"line {fieldLine}, column {fieldColumn}", "a quoted field is not closed: it needs a closing quote");
                        char c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"')
                            {
                                sb.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        sb.Append(c);
                        i++;
                        if (c == '\n' || (c == '\r' && (i >= n || text[i] != '\n')))
                        {
                            line++;
                            lineStart = i;
                        }
                    }
                    if (i < n && text[i] is not (',' or '\r' or '\n'))
                        throw new DataFileException(file, $"line {line}, column {i - lineStart + 1}",
                            "unexpected text after a closing quote: quote the whole field and double any quote inside it");
                    field = sb.ToString();
                }
                else
                {
                    int start = i;
                    while (i < n && text[i] is not (',' or '\r' or '\n')) i++;
                    field = text[start..i];
                }
                record.Fields.Add(new CsvField(field, fieldLine, fieldColumn, quoted));
                if (i < n && text[i] == ',')
                {
                    i++;
                    continue;
                }
                if (i < n)
                {
                    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') i++;
                    i++;
                    line++;
                    lineStart = i;
                }
                break;
            }
            if (!record.IsBlank) records.Add(record);
        }
        return records;
    }
}
