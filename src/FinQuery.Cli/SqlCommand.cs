using System.CommandLine;
using FinQuery.Sql;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq sql [--data …] [--entity ID] QUERY</c>: prints the SQL of a query over the facts table (one row per
/// entity, or the entity named), to run on DuckDB, Spark SQL or Trino.
/// </summary>
internal static class SqlCommand
{
    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var ddl = new Option<bool>("--ddl") { Description = "Print the facts table's CREATE TABLE statement first." };
        var query = new Argument<string>("query") { Description = "The query, e.g. \"yoy(revenue, 2023Q2)\"." };
        var command = new Command("sql", "Print the SQL of a query over the long facts table (entity, metric, variant, period, period_start, period_end, value, unit, filed).")
        {
            data, entity, ddl, query,
        };
        command.SetAction(r =>
        {
            var dataset = Commands.LoadData(r.GetValue(data), r.GetValue(entity), io.Failures(OutputFormat.Text), out int code);
            if (dataset is null) return code;
            string text = r.GetValue(query)!;
            try
            {
                var bound = Query.Parse(text).Bind(dataset, r.GetValue(entity));
                var sql = SqlQuery.Compile(bound, r.GetValue(entity) is { } id ? dataset.FindEntity(id) : null);
                if (r.GetValue(ddl)) io.Out.WriteLine(FactsTable.Ddl + ";\n");
                io.Out.WriteLine(sql.Text + ";");
                return Program.Ok;
            }
            catch (FinQueryException ex)
            {
                TextOutput.WriteError(new Outcome(text, null, null, ex), io.Err);
                return Program.QueryError;
            }
        });
        return command;
    }
}
