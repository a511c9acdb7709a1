using System.CommandLine;
using System.Globalization;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq screen [--where COND] [--top N] [--ascending] QUERY</c>: evaluates one query for every entity of the data
/// (or those for which COND holds) and prints a row per entity, sorted by value, NA rows last with their reasons.
/// The entities that pass <c>--where</c> are the universe of the peer functions.
/// </summary>
internal static class ScreenCommand
{
    /// <summary>One entity's row.</summary>
    private sealed record Row(Entity Entity, QueryResult Result);

    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var format = new FormatOptions(OutputFormat.Table);
        var where = new Option<string?>("--where", "-w") { Description = "Keep the entities for which this boolean query holds (NA or false drop out), e.g. \"revenue[2023] > 1e9\"." };
        var top = new Option<int?>("--top", "-n") { Description = "Print only the first N rows." };
        var ascending = new Option<bool>("--ascending") { Description = "Smallest value first (default: largest first)." };
        var query = new Argument<string>("query") { Description = "The query to evaluate for every entity, e.g. \"yoy(revenue, 2023Q2)\"." };
        var engine = Engine.Option();
        var command = new Command("screen", "Evaluate one query for every entity and rank them by its value.") { data, where, top, ascending, query, engine };
        format.AddTo(command);
        command.SetAction(r =>
        {
            var chosen = format.Get(r);
            var failures = io.Failures(chosen);
            if (r.GetValue(top) is < 0) return failures.Usage("--top needs a number of rows of 0 or more");
            if (Engine.Load(r.GetValue(data), null, r.GetValue(engine), failures, out var duck, out int code) is not { } dataset) return code;
            using var _ = duck;
            string text = r.GetValue(query)!;
            string? condition = r.GetValue(where);
            IReadOnlyList<Entity> universe = dataset.Entities;
            if (condition is not null)
            {
                try
                {
                    universe = Filter(dataset, condition, duck);
                }
                catch (FinQueryException ex)
                {
                    return Fail(new Outcome(condition, "--where", null, ex), chosen, io);
                }
            }
            List<Row> rows;
            try
            {
                rows = Evaluate(Bind(dataset, text), universe, duck);
            }
            catch (FinQueryException ex)
            {
                return Fail(new Outcome(text, null, null, ex), chosen, io);
            }
            Sort(rows, r.GetValue(ascending));
            if (r.GetValue(top) is { } n && n < rows.Count) rows = rows[..n];
            Write(rows, chosen, io.Out);
            return Program.Ok;
        });
        return command;
    }

    /// <summary>The entities for which the boolean condition holds; a condition that is not boolean is a query error.</summary>
    private static Entity[] Filter(Dataset dataset, string condition, Sql.DuckDbEngine? duck)
    {
        var bound = Bind(dataset, condition);
        var results = Evaluate(bound, dataset.Entities, duck).Select(r => r.Result).ToArray();
        foreach (var r in results)
            if (!r.IsNa && r.Kind != ResultKind.Bool)
                throw new FinQueryException($"--where needs a boolean condition such as \"revenue[2023] > 1e9\", found a {JsonOutput.TypeName(r)}", 1, 1, 0, condition.Length);
        return [.. dataset.Entities.Where((_, i) => results[i].Bool == true)];
    }

    /// <summary>
    /// Binds for the data's default entity, else its first: bare metric names are bound by name and refer to each
    /// entity in turn, so the entity bound for only supplies units when it lacks a metric another entity has.
    /// </summary>
    private static BoundQuery Bind(Dataset dataset, string text) =>
        Query.Parse(text).Bind(dataset, dataset.DefaultEntity is null && dataset.Entities.Count > 0 ? dataset.Entities[0].Id : null);

    /// <summary>A query error: the error object under JSON, else the message and caret on stderr; exit code 1.</summary>
    private static int Fail(Outcome outcome, OutputFormat format, CliStreams io)
    {
        if (format == OutputFormat.Json) JsonOutput.Write([outcome], io.Out);
        else TextOutput.WriteError(outcome, io.Err);
        return Program.QueryError;
    }

    private static List<Row> Evaluate(BoundQuery bound, IReadOnlyList<Entity> universe, Sql.DuckDbEngine? duck)
    {
        var results = duck?.EvaluateMany(bound, universe) ?? new QueryResult[universe.Count];
        if (duck is null) bound.EvaluateMany(universe, results, parallel: universe.Count > 64);
        return [.. universe.Select((e, i) => new Row(e, results[i]))];
    }

    /// <summary>By number (or boolean, true first when descending); NA and other values last, each group by entity id.</summary>
    private static void Sort(List<Row> rows, bool ascending)
    {
        static double? Key(QueryResult r) => r.Kind switch
        {
            ResultKind.Number or ResultKind.Percent => r.Number,
            ResultKind.Bool => r.Bool == true ? 1 : 0,
            _ => null,
        };
        rows.Sort((a, b) =>
        {
            double? x = Key(a.Result), y = Key(b.Result);
            int c = (x, y) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => ascending ? x.Value.CompareTo(y.Value) : y.Value.CompareTo(x.Value),
            };
            return c != 0 ? c : string.CompareOrdinal(a.Entity.Id, b.Entity.Id);
        });
    }

    private static void Write(List<Row> rows, OutputFormat format, TextWriter stdout)
    {
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.WriteArray(stdout, w =>
                {
                    foreach (var row in rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("entity", row.Entity.Id);
                        w.WriteString("name", row.Entity.Name);
                        JsonOutput.WriteResult(w, row.Result);
                        w.WriteEndObject();
                    }
                });
                break;
            case OutputFormat.Csv:
                CsvOutput.Write(["entity", "name", "type", "value", "unit", "display", "reason"], rows.Select(row => (IReadOnlyList<string?>)
                [
                    row.Entity.Id, row.Entity.Name, JsonOutput.TypeName(row.Result),
                    row.Result.Kind is ResultKind.Number or ResultKind.Percent ? row.Result.Number.ToString("R", CultureInfo.InvariantCulture) : null,
                    JsonOutput.UnitOf(row.Result), row.Result.Display, row.Result.Reason,
                ]), stdout);
                break;
            default:
                TextOutput.WriteTable(["#", "entity", "name", "value", "reason"], rows.Select((row, i) => (IReadOnlyList<string>)
                [
                    (i + 1).ToString(CultureInfo.InvariantCulture), row.Entity.Id, row.Entity.Name, row.Result.IsNa ? "n/a" : row.Result.Display, row.Result.Reason ?? "",
                ]), stdout, rightAligned: [0, 3]);
                break;
        }
    }
}
