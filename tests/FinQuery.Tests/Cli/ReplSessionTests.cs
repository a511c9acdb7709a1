using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary>
/// <c>finq repl</c> in a (fake) terminal: history across sessions under XDG_STATE_HOME, completion of the
/// data's names, Ctrl-C, lets that last for the session.
/// </summary>
public class ReplSessionTests
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Cases", "testdata.json");

    private static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "finq-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (int Code, string Out, string Err) Session(FakeTerminal terminal, string stateHome, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = stateHome, ["HOME"] = "/nonexistent-home" };
        var io = new CliStreams(stdout, stderr, new StringReader(""), Interactive: true)
        {
            Terminal = terminal,
            Environment = name => env.GetValueOrDefault(name),
        };
        int code = Program.Run(["repl", .. args], io);
        return (code, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void History_is_kept_between_sessions_under_XDG_STATE_HOME()
    {
        string state = TempDir();
        var (code, output, _) = Session(new FakeTerminal(80).Type("yoy(revenue, 2023Q2)").Enter().Type(":quit").Enter(), state);
        Assert.Equal(0, code);
        Assert.Contains("+11.0%\n", output);
        string file = Path.Combine(state, "finq", "history");
        Assert.Equal(["yoy(revenue, 2023Q2)", ":quit"], File.ReadAllLines(file));

        // A new session: Up twice brings back the query.
        var second = new FakeTerminal(80).Key(ConsoleKey.UpArrow).Key(ConsoleKey.UpArrow).Enter().Ctrl('d');
        (code, output, _) = Session(second, state);
        Assert.Equal(0, code);
        Assert.Contains("+11.0%\n", output);
        Assert.Contains("finq> yoy(revenue, 2023Q2)", second.Screen);
    }

    [Fact]
    public void The_history_file_is_bounded()
    {
        string path = Path.Combine(TempDir(), "history");
        var history = new History(path, limit: 5);
        for (int i = 0; i < 12; i++) history.Add($"q{i}");
        Assert.Equal(["q7", "q8", "q9", "q10", "q11"], File.ReadAllLines(path));
        Assert.Equal(["q7", "q8", "q9", "q10", "q11"], new History(path, limit: 5).Entries);
        Assert.Equal(["q9", "q10", "q11"], new History(path, limit: 3).Entries);
    }

    [Fact]
    public void Two_sessions_at_once_keep_both_their_lines()
    {
        string path = Path.Combine(TempDir(), "history");
        var a = new History(path);
        var b = new History(path);
        a.Add("from a");
        b.Add("from b");
        Assert.Equal(["from a", "from b"], File.ReadAllLines(path));
    }

    [Fact]
    public void A_history_file_that_cannot_be_written_never_stops_the_REPL()
    {
        string state = TempDir();
        File.WriteAllText(Path.Combine(state, "finq"), "a file where the folder should be");
        var (code, output, err) = Session(new FakeTerminal(80).Type("1 + 1").Enter().Type("2 + 2").Enter().Ctrl('d'), state);
        Assert.Equal(0, code);
        Assert.Contains("2\n", output);
        Assert.Contains("4\n", output);
        Assert.Single(err.Split('\n'), l => l.StartsWith("finq: cannot save the history to", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_history_path_follows_XDG()
    {
        Assert.Equal(Path.Combine("/state", "finq", "history"), History.DefaultPath(n => n == "XDG_STATE_HOME" ? "/state" : "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".local", "state", "finq", "history"), History.DefaultPath(n => n == "HOME" ? "/home/u" : null));
        Assert.Equal(Path.Combine("/home/u", ".local", "state", "finq", "history"), History.DefaultPath(n => n == "XDG_STATE_HOME" ? "relative" : "/home/u"));
        Assert.Null(History.DefaultPath(_ => null));
    }

    [Fact]
    public void Tab_completes_metrics_functions_entities_and_commands()
    {
        var terminal = new FakeTerminal(100)
            .Type("yo").Tab().Type("(reve").Tab().Type(", 2023Q2)").Enter()
            .Type(":me").Tab().Enter()
            .Type("ACME.rev").Tab().Type("[2023Q2]").Enter()
            .Ctrl('d');
        var (_, output, err) = Session(terminal, TempDir(), "--data", TestData);
        Assert.Equal("", err);
        Assert.Contains("finq> yoy(revenue, 2023Q2)", terminal.Screen);
        Assert.Contains("+20.0%\n", output);
        Assert.Contains("finq> :metrics", terminal.Screen);
        Assert.Contains("ACME (default)", output);
        Assert.Contains("finq> ACME.revenue[2023Q2]", terminal.Screen);
        Assert.Contains("145.2M USD\n", output);
    }

    [Fact]
    public void An_ambiguous_completion_lists_the_choices()
    {
        var completer = new ReplCompleter(TestData is { } p ? Dataset.Load(p) : null!, null, new ReplSession(Dataset.Load(TestData), null, TextWriter.Null, TextWriter.Null));
        var c = completer.Complete("s", 1);
        Assert.Contains("sum", c.Candidates);
        Assert.Contains("segment_income", c.Candidates);
        Assert.Equal(0, c.Start);
        var commands = completer.Complete(":", 1);
        Assert.Contains(":lets", commands.Candidates);
        Assert.Contains(":explain", commands.Candidates);
    }

    [Fact]
    public void Ctrl_C_clears_the_line_and_the_session_goes_on()
    {
        var terminal = new FakeTerminal(80).Type("revenue[20").Ctrl('c').Type("1 + 2").Enter().Ctrl('d');
        var (code, output, _) = Session(terminal, TempDir());
        Assert.Equal(0, code);
        Assert.Contains("3\n", output);
        Assert.Contains("finq> revenue[20^C", terminal.Screen);
    }

    [Fact]
    public void Lets_last_for_the_session()
    {
        var (code, output, err) = Repl("let double = revenue * 2\nlet quad = double * 2;\ndouble[2023Q2]\nquad[2023Q2]\n:lets\n");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("double = ", output);
        Assert.Contains("63.998B USD\n", output);
        Assert.Contains("127.996B USD\n", output);
        Assert.Contains("  let double = revenue * 2;\n  let quad = double * 2;\n", output);
    }

    [Fact]
    public void A_let_can_be_redefined_and_later_lets_follow()
    {
        var (_, output, err) = Repl("let k = 2\nlet twice = k * 10\nlet k = 3\ntwice\n:unlet twice\n:lets\n");
        Assert.Equal("", err);
        Assert.Contains("\n30\n", output);
        Assert.Contains("  let k = 3;\n", output);
        Assert.DoesNotContain("let twice", output.Split(":lets")[^1]);
    }

    [Fact]
    public void Errors_after_lets_point_into_the_typed_line()
    {
        var (_, _, err) = Repl("let a = 1\nlet b = 2\nyoy(revnue, 2023Q2)\nlet c = a + nope\nlet 1x = 2\n");
        Assert.Contains("error: unknown metric 'revnue'; did you mean 'revenue'? (line 1, column 5)\n  yoy(revnue, 2023Q2)\n      ^^^^^^\n", err);
        Assert.Contains("(line 1, column 13)\n  let c = a + nope\n              ^^^^\n", err);
        Assert.Contains("error: '1x' is not a name: a name starts with a letter or '_', as in x1x or _1x (line 1, column 5)\n  let 1x = 2\n      ^^\n", err);
    }

    [Fact]
    public void A_full_query_with_its_own_let_still_evaluates()
    {
        var (_, output, err) = Repl("let x = 2; x * 3\n");
        Assert.Equal("", err);
        Assert.Contains("6\n", output);
    }

    [Fact]
    public void Unknown_commands_suggest_the_nearest()
    {
        var (_, _, err) = Repl(":let\n");
        Assert.Contains("unknown command :let; did you mean :lets?", err);
    }

    private static (int Code, string Out, string Err) Repl(string input) => ReplTests.Repl(input);
}
