using System.CommandLine;
using System.Globalization;
using System.Text;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq</c>: eval, run and repl (LANGUAGE.md §9). Exit codes: 0 every query evaluated (NA included),
/// 1 a query error, 2 bad usage or a bad data file.
/// </summary>
public static class Program
{
    internal const int Ok = 0;
    internal const int QueryError = 1;
    internal const int UsageError = 2;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        return Run(args, Console.Out, Console.Error, Console.In, interactive: !Console.IsInputRedirected);
    }

    /// <summary>Runs the command line against the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, bool interactive = false)
    {
        // Output never depends on the machine's culture.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        var dataOption = new Option<string?>("--data", "-d") { Description = "A data file (.json or .csv); the bundled Meta Q2 2023 sample when omitted." };
        var entityOption = new Option<string?>("--entity", "-e") { Description = "The entity bare metric names refer to (default: the data's defaultEntity, else its only entity)." };
        var jsonOption = new Option<bool>("--json") { Description = "Print one JSON array, an object per query." };
        var explainOption = new Option<bool>("--explain") { Description = "Show the observations and derivations behind each result." };

        var queriesArgument = new Argument<string[]>("query") { Description = "One or more queries, e.g. \"yoy(revenue, 2023Q2)\".", Arity = ArgumentArity.OneOrMore };
        var eval = new Command("eval", "Evaluate queries.") { dataOption, entityOption, jsonOption, explainOption, queriesArgument };
        eval.SetAction(r => Commands.Eval(r.GetValue(queriesArgument)!, r.GetValue(dataOption), r.GetValue(entityOption),
            r.GetValue(jsonOption), r.GetValue(explainOption), stdout, stderr));

        var fileArgument = new Argument<string>("file") { Description = "A query file: one query per line, # comments, optional 'label: query'." };
        var run = new Command("run", "Run a query file (the fact-check) and print a table of results.") { dataOption, entityOption, jsonOption, explainOption, fileArgument };
        run.SetAction(r => Commands.RunFile(r.GetValue(fileArgument)!, r.GetValue(dataOption), r.GetValue(entityOption),
            r.GetValue(jsonOption), r.GetValue(explainOption), stdout, stderr));

        var repl = new Command("repl", "An interactive prompt: type queries, :help for commands.") { dataOption, entityOption };
        repl.SetAction(r => Repl.Start(r.GetValue(dataOption), r.GetValue(entityOption), stdout, stderr, stdin, interactive));

        var root = new RootCommand("finq: FinQuery on the command line. Check a financial figure with a short query: finq eval \"yoy(revenue, 2023Q2)\".")
        {
            eval, run, repl,
            ExtractCommand.Create(stdout, stderr),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"finq: {error.Message}");
            stderr.WriteLine("Try 'finq --help'.");
            return UsageError;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return parse.Invoke(config);
    }
}
