using System.CommandLine;
using System.Text.RegularExpressions;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq repl</c>: an interactive prompt. In a terminal it edits lines (see <see cref="LineReader"/>) with
/// history kept between sessions and Tab completion; with redirected input it reads plain lines.
/// </summary>
internal static class Repl
{
    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var command = new Command("repl", "An interactive prompt: type queries, :help for commands.") { data, entity };
        command.SetAction(r => Start(r.GetValue(data), r.GetValue(entity), io));
        return command;
    }

    public static int Start(string[]? sources, string? entity, CliStreams io)
    {
        // The session keeps the latest data and reads the day of --asof (or :asof) from it, so :asof can move later too.
        var asOf = DataSource.Settings.AsOf;
        Dataset? data;
        int code;
        using (DataSource.Use(DataSource.Settings with { AsOf = null }))
            data = Commands.LoadData(sources, entity, io.Failures(OutputFormat.Text), out code);
        if (data is null) return code;
        var session = new ReplSession(data, entity, io.Out, io.Err) { AsOf = asOf, Described = DataSource.Describe(sources) };
        io.Out.WriteLine($"finq: {data.Entities.Count} entities loaded from {session.Described}. Type :help for help, :quit to leave.");
        if (asOf is not null) session.NoteIfNoFiledDays();
        var terminal = io.Terminal ?? (io.Interactive ? new ConsoleTerminal() : null);
        Func<string?> read;
        if (terminal is not null)
        {
            var history = new History(History.DefaultPath(io.Environment), warnings: io.Err);
            var reader = new LineReader(terminal, history, new ReplCompleter(data, entity, session).Complete);
            read = reader.ReadLine;
        }
        else
        {
            read = io.In.ReadLine;
        }
        // Ctrl-C while a query runs stops that query, not finq (at the prompt the line editor reads it as a key).
        ConsoleCancelEventHandler onCtrlC = (_, e) => e.Cancel = session.CancelRunning();
        if (io.Interactive) Console.CancelKeyPress += onCtrlC;
        try
        {
            while (read() is { } line)
            {
                line = line.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                if (!session.Handle(line)) break;
            }
        }
        finally
        {
            if (io.Interactive) Console.CancelKeyPress -= onCtrlC;
        }
        return Program.Ok;
    }
}

/// <summary>One REPL session: the commands, and the <c>let</c>s typed so far, which later queries can use.</summary>
internal sealed partial class ReplSession(Dataset latest, string? entity, TextWriter stdout, TextWriter stderr)
{
    /// <summary>The functions queries are bound with (the built-in ones unless a host gives others).</summary>
    public FunctionRegistry Functions { get; init; } = FunctionRegistry.Default;

    /// <summary>The day the session's queries see the data as of (<c>--asof</c>, <c>:asof</c>); null for the latest data.</summary>
    public DateOnly? AsOf { get; set; }

    /// <summary>How the session's data is named in notices.</summary>
    public string Described { get; init; } = "the data";

    /// <summary>The data queries read: the latest, or as known at the end of <see cref="AsOf"/>.</summary>
    private Dataset Current => AsOf is { } day ? latest.AsOf(day) : latest;

    /// <summary>The REPL's commands, for :help and completion.</summary>
    public static readonly (string Name, string Args, string Text)[] CommandList =
    [
        (":help", "", "this text"),
        (":metrics", " [WORD]", "the entities and metrics the data holds; with WORD, as 'finq metrics --search WORD'"),
        (":functions", "", "the functions a query can call"),
        (":explain", " QUERY", "evaluate and show the observations and derivations behind the result"),
        (":plot", " QUERY", $"draw a series to {PlotCommand.DefaultFile} and print its path (:plot FILE.png QUERY: to FILE)"),
        (":asof", " [DATE|latest]", "evaluate what follows against the data as known on DATE (YYYY-MM-DD); 'latest' goes back; alone, says which"),
        (":lets", "", "the names this session's lets define"),
        (":unlet", " NAME", "forget a let"),
        (":quit", "", "leave (Ctrl+D on an empty line works too)"),
    ];

    private readonly List<(string Name, string Text)> _lets = [];

    public IEnumerable<string> LetNames => _lets.Select(l => l.Name);

    /// <summary>Handles one input line; false to quit.</summary>
    public bool Handle(string line)
    {
        using var running = new CancellationTokenSource();
        _running = running;
        try
        {
            if (line.StartsWith(':')) return Command(line);
            if (IsDefinition(line)) Define(line);
            else Evaluate(line, explain: false);
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            stderr.WriteLine("cancelled");
        }
        finally
        {
            _running = null;
        }
        return true;
    }

    // The line being handled; Ctrl-C (CancelRunning) stops its evaluation and the session goes on.
    private volatile CancellationTokenSource? _running;

    private CancellationToken Cancellation => _running?.Token ?? default;

    /// <summary>Stops the evaluation of the line being handled, if any (Ctrl-C while a query runs); true when there was one.</summary>
    public bool CancelRunning()
    {
        if (_running is not { } running) return false;
        try
        {
            running.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false; // it had just finished
        }
        return true;
    }

    private bool Command(string line)
    {
        int space = line.IndexOf(' ');
        string command = space < 0 ? line : line[..space];
        string rest = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (command)
        {
            case ":q" or ":quit" or ":exit":
                return false;
            case ":h" or ":help":
                WriteHelp();
                break;
            case ":metrics" when rest.Length > 0:
                if (MetricsCommand.Write(Current.Entities, rest, stdout) == 0) stdout.WriteLine($"no metric matches '{rest}'");
                break;
            case ":metrics":
                WriteMetrics();
                break;
            case ":functions":
                foreach (var name in FunctionRegistry.Default.Names) stdout.WriteLine($"  {FunctionRegistry.Default.Describe(name)}");
                break;
            case ":explain" when rest.Length > 0:
                Evaluate(rest, explain: true);
                break;
            case ":plot" when rest.Length > 0:
                Plot(rest);
                break;
            case ":asof":
                SetAsOf(rest);
                break;
            case ":lets":
                if (_lets.Count == 0) stdout.WriteLine("no lets yet: type one such as let margin = net_income / revenue");
                foreach (var (_, text) in _lets) stdout.WriteLine($"  {text}");
                break;
            case ":unlet" when rest.Length > 0:
                int removed = _lets.RemoveAll(l => l.Name.Equals(rest, StringComparison.OrdinalIgnoreCase));
                if (removed == 0) stderr.WriteLine($"no let named '{rest}'; :lets lists them");
                break;
            default:
                string? near = UsageErrors.Nearest(command, CommandList.Select(c => c.Name));
                stderr.WriteLine(near is null ? $"unknown command {command}; type :help" : $"unknown command {command}; did you mean {near}? (:help lists them)");
                break;
        }
        return true;
    }

    private void SetAsOf(string text)
    {
        if (text.Length == 0)
        {
            stdout.WriteLine(AsOf is { } d ? $"as of {Day(d)}: later publications do not exist" : "the latest data (:asof YYYY-MM-DD to go back)");
            return;
        }
        if (text.Equals("latest", StringComparison.OrdinalIgnoreCase) || text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            AsOf = null;
            stdout.WriteLine("the latest data");
            return;
        }
        if (!DataSource.TryParseDay(text, out var day))
        {
            stderr.WriteLine($":asof needs a day written YYYY-MM-DD (like 2023-07-26) or 'latest', not '{text}'");
            return;
        }
        AsOf = day;
        stdout.WriteLine($"as of {Day(day)}: later publications do not exist");
        NoteIfNoFiledDays();
    }

    /// <summary>Says on stderr that an as-of day changes nothing, when the data has no published days.</summary>
    public void NoteIfNoFiledDays()
    {
        if (DataSource.NoFiledDays(latest, Described) is { } notice) stderr.WriteLine($"note: {notice}");
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private void WriteHelp()
    {
        stdout.WriteLine("Type a query and press Enter, for example:");
        stdout.WriteLine("  yoy(revenue, 2023Q2)");
        stdout.WriteLine("  -sum(reality_labs_operating_income, 2021..2023Q2)");
        stdout.WriteLine("  let margin = net_income / revenue     (later lines can use margin)");
        stdout.WriteLine("Commands:");
        foreach (var (name, args, text) in CommandList) stdout.WriteLine($"  {(name + args),-17} {text}");
        stdout.WriteLine("Keys: Tab completes names, Up/Down and Ctrl-R search history, Ctrl-A/E/B/F/K/U/W/Y and Alt-B/F edit,");
        stdout.WriteLine("Ctrl-L clears the screen, Ctrl-C abandons the line. `finq help` has more topics.");
    }

    private static bool IsDefinition(string line) => LetStart().IsMatch(line) && !Query.TryParse(line, out _, out _);

    /// <summary>The session's lets, one per line, before <paramref name="query"/>.</summary>
    private string WithLets(IEnumerable<(string Name, string Text)> lets, string query) =>
        string.Concat(lets.Select(l => l.Text + "\n")) + query;

    /// <summary><c>let name = expr</c> (one or several, separated by <c>;</c>): checks each and keeps it for later lines.</summary>
    private void Define(string line)
    {
        foreach (var (statement, offset) in Statements(line))
        {
            var m = LetName().Match(statement);
            if (!m.Success)
            {
                // Not "let NAME =": let the parser say what is wrong (e.g. "'1x' is not a name").
                ReportDefinitionError(line, offset, 0, statement + ";\n0");
                return;
            }
            string name = m.Groups[1].Value;
            string text = statement + ";";
            var candidate = _lets.ToList();
            int index = candidate.FindIndex(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) candidate[index] = (name, text);
            else candidate.Add((name, text));
            index = index >= 0 ? index : candidate.Count - 1;
            var error = Check(WithLets(candidate, name));
            if (error is not null && index < candidate.Count - 1)
            {
                // A new definition that uses a later let: try it at the end.
                candidate.RemoveAt(index);
                candidate.Add((name, text));
                index = candidate.Count - 1;
                error = Check(WithLets(candidate, name));
            }
            if (error is not null)
            {
                ReportMapped(line, offset, index, error);
                return;
            }
            _lets.Clear();
            _lets.AddRange(candidate);
            var o = Commands.Evaluate(Current, entity, WithLets(_lets, name), null, explain: false, Cancellation, Functions);
            if (o.Result is { } r) stdout.WriteLine($"{name} = {Summary(r)}");
        }
    }

    private static string Summary(QueryResult r)
    {
        if (r.Kind != ResultKind.Series || r.Series.Count == 0) return r.Display;
        var points = r.Series;
        return $"{Sparkline.Of(points.Select(p => p.Value).ToList())}  {points.Count} points, {r.Calendar.Format(points[0].Key)}..{r.Calendar.Format(points[^1].Key)}";
    }

    private FinQueryException? Check(string text)
    {
        try
        {
            Query.Parse(text).Bind(Current, entity);
            return null;
        }
        catch (FinQueryException ex)
        {
            return ex;
        }
    }

    private void ReportDefinitionError(string line, int offset, int lineIndex, string text)
    {
        if (Check(text) is { } error) ReportMapped(line, offset, lineIndex, error);
    }

    /// <summary>An error in a checked text whose line <paramref name="lineIndex"/> (0-based) holds the statement at <paramref name="offset"/> of the typed line.</summary>
    private void ReportMapped(string line, int offset, int lineIndex, FinQueryException e)
    {
        int column = e.Line == lineIndex + 1 ? offset + e.Column : 1;
        var mapped = new FinQueryException(e.Message, 1, column, Math.Max(0, column - 1), e.Line == lineIndex + 1 ? e.Length : 0);
        TextOutput.WriteError(new Outcome(line, null, null, mapped), stderr);
    }

    /// <summary>The <c>;</c>-separated statements of a line (a trailing <c>;</c> allowed), each with its offset.</summary>
    private static IEnumerable<(string Statement, int Offset)> Statements(string line)
    {
        int comment = line.IndexOf('#');
        string code = comment < 0 ? line : line[..comment];
        int start = 0;
        while (start < code.Length)
        {
            int semi = code.IndexOf(';', start);
            int end = semi < 0 ? code.Length : semi;
            string raw = code[start..end];
            int lead = raw.Length - raw.TrimStart().Length;
            if (raw.Trim().Length > 0) yield return (raw.Trim(), start + lead);
            if (semi < 0) break;
            start = semi + 1;
        }
    }

    /// <summary>Evaluates a query with the session's lets before it; errors point into what was typed.</summary>
    private void Evaluate(string query, bool explain)
    {
        string text = WithLets(_lets, query);
        var o = Commands.Evaluate(Current, entity, text, null, explain, Cancellation, Functions);
        if (o.Error is { } e)
        {
            if (e.Line > _lets.Count)
            {
                int prefix = text.Length - query.Length;
                var mapped = new FinQueryException(e.Message, e.Line - _lets.Count, e.Column, Math.Max(0, e.Start - prefix), e.Length);
                TextOutput.WriteError(new Outcome(query, null, null, mapped), stderr);
            }
            else
            {
                var (name, letText) = _lets[e.Line - 1];
                stderr.WriteLine($"in the session's let {name}:");
                TextOutput.WriteError(new Outcome(letText, null, null, new FinQueryException(e.Message, 1, e.Column, e.Column - 1, e.Length)), stderr);
            }
            return;
        }
        TextOutput.WriteResult(null, o.Result!.Value, explain, stdout);
    }

    /// <summary><c>:plot [FILE.svg|FILE.png] QUERY</c>: the query, with the session's lets, drawn as <c>finq plot</c> draws it.</summary>
    private void Plot(string rest)
    {
        int space = rest.IndexOf(' ');
        string? path = null;
        if (space > 0 && FinQuery.Charts.Chart.TryGetFormat(rest[..space], out _))
        {
            path = rest[..space];
            rest = rest[(space + 1)..].Trim();
        }
        var o = Commands.Evaluate(Current, entity, WithLets(_lets, rest), null, explain: false, Cancellation, Functions);
        if (o.Error is not null)
        {
            Evaluate(rest, explain: false); // reports the error against what was typed
            return;
        }
        PlotCommand.Save([(rest, o.Result!.Value)], failed: false, Current, entity, new PlotCommand.Request([rest], path, null), stdout, stderr);
    }

    private void WriteMetrics()
    {
        foreach (var e in Current.Entities)
        {
            string marker = ReferenceEquals(e, Current.DefaultEntity) ? " (default)" : "";
            stdout.WriteLine($"{e.Id}{marker}: {e.Name}, fiscal year ends in month {e.Calendar.YearEndMonth}");
            foreach (var s in e.Series)
            {
                var periods = s.Reported.Select(o => o.Key).ToList();
                string variant = s.Variant == Variant.Consensus ? " (consensus)" : "";
                string span = periods.Count == 0 ? "no values" : $"{periods.Count} values, {string.Join(", ", periods.Take(4).Select(e.Calendar.Format))}{(periods.Count > 4 ? ", …" : "")}";
                stdout.WriteLine($"  {s.Metric}{variant} [{s.Unit}, {s.Aggregation.ToString().ToLowerInvariant()}]: {span}");
            }
        }
    }

    [GeneratedRegex(@"^let\s")]
    private static partial Regex LetStart();

    [GeneratedRegex(@"^let\s+([A-Za-z_][A-Za-z0-9_]*)\s*=")]
    private static partial Regex LetName();
}
