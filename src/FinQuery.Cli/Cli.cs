using System.CommandLine;

namespace FinQuery.Cli;

/// <summary>The streams a command reads and writes; tests pass string writers, <c>Main</c> the console.</summary>
internal sealed record CliStreams(TextWriter Out, TextWriter Err, TextReader In, bool Interactive)
{
    /// <summary>The terminal the REPL edits lines in; null reads plain lines from <see cref="In"/>.</summary>
    public ITerminal? Terminal { get; init; }

    /// <summary>Environment variables (tests pass their own, e.g. a temporary XDG_STATE_HOME).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>An error reporter for the format the command line asked for.</summary>
    public Failures Failures(OutputFormat format) => new(format == OutputFormat.Json, Out, Err);
}

/// <summary>
/// The options several commands share, each a factory so every command owns its instance.
/// A new command adds the ones it needs: <c>new Command("check") { CliOptions.Data(), CliOptions.Format(), … }</c>.
/// </summary>
internal static class CliOptions
{
    public static Option<string[]> Data() => new("--data", "-d")
    {
        Description = "Data to load, repeatable: a FinQuery .json or .csv file, an SEC company facts file, companyfacts.zip, " +
                      "a folder of them, sec:TICKER or sec: (companies fetched with 'finq fetch'). Default: the bundled Meta Q2 2023 sample.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Entity() => new("--entity", "-e")
    {
        Description = "The entity bare metric names refer to (default: the data's defaultEntity, else its only entity).",
    };

    public static Option<bool> Explain() => new("--explain")
    {
        Description = "Show the observations and derivations behind each result.",
    };
}

/// <summary>
/// The options of a command that evaluates queries over data: <c>--data</c>, <c>--entity</c>, <c>--explain</c>
/// and the output format. <see cref="Load"/> reads the data they name or reports why not.
/// </summary>
internal sealed class QueryCommandOptions(OutputFormat defaultFormat)
{
    public Option<string[]> Data { get; } = CliOptions.Data();

    public Option<string?> Entity { get; } = CliOptions.Entity();

    public Option<bool> Explain { get; } = CliOptions.Explain();

    public FormatOptions Format { get; } = new(defaultFormat);

    public Command AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Entity);
        command.Options.Add(Explain);
        Format.AddTo(command);
        return command;
    }

    /// <summary>The data, or null after reporting the failure (its exit code in <paramref name="exitCode"/>).</summary>
    public Dataset? Load(ParseResult r, Failures failures, out int exitCode) =>
        Commands.LoadData(r.GetValue(Data), r.GetValue(Entity), failures, out exitCode);
}
