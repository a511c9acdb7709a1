using System.CommandLine;
using System.Globalization;
using System.Text;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq</c>: eval, run, repl and the other commands. Exit codes: 0 every query evaluated (NA included),
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
        bool interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var io = new CliStreams(Console.Out, Console.Error, Console.In, interactive) { Terminal = interactive ? new ConsoleTerminal() : null };
        return Run(args, io);
    }

    /// <summary>Runs the command line against the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, bool interactive = false) =>
        Run(args, new CliStreams(stdout, stderr, stdin, interactive));

    internal static int Run(string[] args, CliStreams io)
    {
        // Output never depends on the machine's culture.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var (stdout, stderr, _, _) = io;

        var root = new RootCommand("finq: FinQuery on the command line. Check a financial figure with a short query: finq eval \"yoy(revenue, 2023Q2)\".");
        // One line per command; each command lives in its own file.
        root.Subcommands.Add(EvalCommand.Create(io));
        root.Subcommands.Add(RunCommand.Create(io));
        root.Subcommands.Add(Repl.Create(io));
        root.Subcommands.Add(CheckCommand.Create(io));
        root.Subcommands.Add(PlotCommand.Create(io));
        root.Subcommands.Add(ExtractCommand.Create(io));
        root.Subcommands.Add(FetchCommand.Create(io));
        root.Subcommands.Add(MetricsCommand.Create(io));
        root.Subcommands.Add(ScreenCommand.Create(io));
        root.Subcommands.Add(SqlCommand.Create(io));
        root.Subcommands.Add(ExportCommand.Create(io));
        var strict = DataSource.CreateStrictOption();
        root.Options.Add(strict);
        var asOf = DataSource.CreateAsOfOption();
        root.Options.Add(asOf);
        root.Subcommands.Add(HelpCommand.Create(io, root));
        HelpCommand.AddTopicsToRootHelp(root, io);

        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        // "finq eval --help" asks for help, not for a query: the missing argument is not an error then.
        if (parse.Action is { } action && root.Options.OfType<System.CommandLine.Help.HelpOption>().Any(o => ReferenceEquals(o.Action, action)))
            return parse.Invoke(config);
        if (parse.Errors.Count > 0) return UsageErrors.Report(parse, args, io);
        if (UsageErrors.OptionLikeArgument(parse) is { } token) return UsageErrors.ReportOptionLike(parse, token, args, io);
        DateOnly? day = null;
        if (parse.GetValue(asOf) is { } asOfText)
        {
            if (!DataSource.TryParseDay(asOfText, out var d))
            {
                stderr.WriteLine($"finq: --asof needs a day written YYYY-MM-DD (like 2023-07-26), not '{asOfText}'");
                return UsageError;
            }
            day = d;
        }
        using var settings = DataSource.Use(new DataSettings(parse.GetValue(strict), io.Environment, stderr, day));
        return parse.Invoke(config);
    }
}
