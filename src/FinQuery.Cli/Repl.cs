using System.CommandLine;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq repl</c>: an interactive prompt. In a terminal it edits lines with history
/// (see <see cref="LineReader"/>); with redirected input it reads plain lines.
/// </summary>
internal static class Repl
{
    private const string Help = """
        Type a query and press Enter, for example:
          yoy(revenue, 2023Q2)
          -sum(reality_labs_operating_income, 2021..2023Q2)
        Commands:
          :help             this text
          :metrics          the entities and metrics the data holds
          :functions        the functions a query can call
          :explain QUERY    evaluate and show the observations and derivations behind the result
          :quit             leave (Ctrl+D works too)
        """;

    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var command = new Command("repl", "An interactive prompt: type queries, :help for commands.") { data, entity };
        command.SetAction(r => Start(r.GetValue(data), r.GetValue(entity), io));
        return command;
    }

    public static int Start(string? dataPath, string? entity, CliStreams io)
    {
        var (stdout, stderr, stdin, interactive) = io;
        var data = Commands.LoadData(dataPath, entity, io.Failures(OutputFormat.Text), out int code);
        if (data is null) return code;
        stdout.WriteLine($"finq: {data.Entities.Count} entities loaded from {dataPath ?? DataSource.BundledName}. Type :help for help, :quit to leave.");
        Func<string?> read = interactive ? TerminalReader(stdout) : () => stdin.ReadLine();
        while (true)
        {
            string? line = read();
            if (line is null) break;
            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!Handle(line, data, entity, stdout, stderr)) break;
        }
        return Program.Ok;
    }

    /// <summary>Handles one input line; false to quit.</summary>
    internal static bool Handle(string line, Dataset data, string? entity, TextWriter stdout, TextWriter stderr)
    {
        if (line.StartsWith(':'))
        {
            int space = line.IndexOf(' ');
            string command = space < 0 ? line : line[..space];
            string rest = space < 0 ? "" : line[(space + 1)..].Trim();
            switch (command)
            {
                case ":q" or ":quit" or ":exit":
                    return false;
                case ":h" or ":help":
                    stdout.WriteLine(Help);
                    return true;
                case ":metrics":
                    WriteMetrics(data, stdout);
                    return true;
                case ":functions":
                    foreach (var name in FunctionRegistry.Default.Names) stdout.WriteLine($"  {FunctionRegistry.Default.Describe(name)}");
                    return true;
                case ":explain" when rest.Length > 0:
                    Evaluate(rest, data, entity, explain: true, stdout, stderr);
                    return true;
                default:
                    stderr.WriteLine($"unknown command {command}; type :help");
                    return true;
            }
        }
        Evaluate(line, data, entity, explain: false, stdout, stderr);
        return true;
    }

    private static void Evaluate(string query, Dataset data, string? entity, bool explain, TextWriter stdout, TextWriter stderr)
    {
        var o = Commands.Evaluate(data, entity, query, null, explain);
        if (o.Error is not null)
        {
            TextOutput.WriteError(o, stderr);
            return;
        }
        TextOutput.WriteResult(null, o.Result!.Value, explain, stdout);
    }

    private static void WriteMetrics(Dataset data, TextWriter stdout)
    {
        foreach (var e in data.Entities)
        {
            string marker = ReferenceEquals(e, data.DefaultEntity) ? " (default)" : "";
            stdout.WriteLine($"{e.Id}{marker}: {e.Name}, fiscal year ends in month {e.Calendar.YearEndMonth}");
            foreach (var s in e.Series)
            {
                var periods = s.Reported.Select(o => o.Key).ToList();
                string variant = s.Variant == Variant.Consensus ? " (consensus)" : "";
                string span = periods.Count == 0 ? "no values" : $"{periods.Count} values, {string.Join(", ", periods.Take(4))}{(periods.Count > 4 ? ", …" : "")}";
                stdout.WriteLine($"  {s.Metric}{variant} [{s.Unit}, {s.Aggregation.ToString().ToLowerInvariant()}]: {span}");
            }
        }
    }

    private static Func<string?> TerminalReader(TextWriter stdout)
    {
        var reader = new LineReader("finq> ");
        return reader.ReadLine;
    }
}
