using System.CommandLine;

namespace FinQuery.Cli;

/// <summary><c>finq eval QUERY...</c>: evaluates each query.</summary>
internal static class EvalCommand
{
    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var explain = CliOptions.Explain();
        var format = new FormatOptions(OutputFormat.Text);
        var queries = new Argument<string[]>("query")
        {
            Description = "One or more queries, e.g. \"yoy(revenue, 2023Q2)\".",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("eval", "Evaluate queries; a series prints as a table with a sparkline.") { data, entity, explain, queries };
        format.AddTo(command);
        command.SetAction(r =>
        {
            var chosen = format.Get(r);
            var dataset = Commands.LoadData(r.GetValue(data), r.GetValue(entity), io.Failures(chosen), out int code);
            if (dataset is null) return code;
            bool why = r.GetValue(explain);
            var outcomes = r.GetValue(queries)!.Select(q => Commands.Evaluate(dataset, r.GetValue(entity), q, null, why)).ToList();
            return Commands.Report(outcomes, chosen, why, io);
        });
        return command;
    }
}
