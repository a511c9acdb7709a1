using System.CommandLine;

namespace FinQuery.Cli;

/// <summary><c>finq eval QUERY...</c>: evaluates each query.</summary>
internal static class EvalCommand
{
    public static Command Create(CliStreams io)
    {
        var options = new QueryCommandOptions(OutputFormat.Text);
        var queries = new Argument<string[]>("query")
        {
            Description = "One or more queries, e.g. \"yoy(revenue, 2023Q2)\".",
            Arity = ArgumentArity.OneOrMore,
        };
        var engine = Engine.Option();
        var command = options.AddTo(new Command("eval", "Evaluate queries; a series prints as a table with a sparkline.") { queries, engine });
        command.SetAction(r =>
        {
            var format = options.Format.Get(r);
            if (Engine.Load(r.GetValue(options.Data), r.GetValue(options.Entity), r.GetValue(engine), io.Failures(format), out var duck, out int code) is not { } dataset) return code;
            bool explain = r.GetValue(options.Explain);
            string? entity = r.GetValue(options.Entity);
            using var _ = duck;
            var evaluate = Engine.Evaluator(duck, dataset, entity, explain);
            var outcomes = r.GetValue(queries)!.Select(q => evaluate(q, null)).ToList();
            return Commands.Report(outcomes, format, explain, io);
        });
        return command;
    }
}
