namespace FinQuery.Cli;

/// <summary>One query's outcome: a result or an error.</summary>
internal sealed record Outcome(string Query, string? Label, QueryResult? Result, FinQueryException? Error, int SourceLine = 0);

internal static class Commands
{
    public static int Eval(string[] queries, DataRequest dataRequest, string? entity, bool json, bool explain, TextWriter stdout, TextWriter stderr)
    {
        var data = DataSource.TryLoad(dataRequest, stderr);
        if (data is null || !CheckEntity(data, entity, stderr)) return Program.UsageError;
        var outcomes = queries.Select(q => Evaluate(data, entity, q, null, explain)).ToList();
        return Report(outcomes, json, explain, table: false, stdout, stderr, fileName: null);
    }

    public static int RunFile(string path, DataRequest dataRequest, string? entity, bool json, bool explain, TextWriter stdout, TextWriter stderr)
    {
        List<QueryFile.Entry> entries;
        try
        {
            entries = QueryFile.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"finq: cannot read query file {path}: {ex.Message}");
            return Program.UsageError;
        }
        var data = DataSource.TryLoad(dataRequest, stderr);
        if (data is null || !CheckEntity(data, entity, stderr)) return Program.UsageError;
        var outcomes = entries.Select(e => Evaluate(data, entity, e.Query, e.Label, explain) with { SourceLine = e.Line }).ToList();
        return Report(outcomes, json, explain, table: true, stdout, stderr, fileName: path);
    }

    public static bool CheckEntity(Dataset data, string? entity, TextWriter stderr)
    {
        if (entity is null || data.FindEntity(entity) is not null) return true;
        stderr.WriteLine($"finq: unknown entity '{entity}'; the data has {string.Join(", ", data.Entities.Select(e => e.Id))}");
        return false;
    }

    public static Outcome Evaluate(Dataset data, string? entity, string query, string? label, bool explain)
    {
        try
        {
            var bound = Query.Parse(query).Bind(data, entity);
            var result = explain ? bound.Explain() : bound.Evaluate();
            return new Outcome(query, label, result, null);
        }
        catch (FinQueryException ex)
        {
            return new Outcome(query, label, null, ex);
        }
    }

    private static int Report(List<Outcome> outcomes, bool json, bool explain, bool table, TextWriter stdout, TextWriter stderr, string? fileName)
    {
        if (json) JsonOutput.Write(outcomes, stdout);
        else if (table) TextOutput.WriteTable(outcomes, explain, stdout, stderr, fileName);
        else TextOutput.WriteList(outcomes, explain, stdout, stderr);
        return outcomes.Any(o => o.Error is not null) ? Program.QueryError : Program.Ok;
    }
}

/// <summary>A query file: one query per line, <c>#</c> comments, optional <c>label: query</c>.</summary>
internal static class QueryFile
{
    public sealed record Entry(string? Label, string Query, int Line);

    public static List<Entry> Read(string path) => Parse(File.ReadAllLines(path));

    public static List<Entry> Parse(IEnumerable<string> lines)
    {
        var entries = new List<Entry>();
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            // The language has no ':', so the first one ends the label.
            int colon = line.IndexOf(':');
            if (colon > 0)
                entries.Add(new Entry(line[..colon].Trim(), line[(colon + 1)..].Trim(), n));
            else
                entries.Add(new Entry(null, line, n));
        }
        return entries;
    }
}
