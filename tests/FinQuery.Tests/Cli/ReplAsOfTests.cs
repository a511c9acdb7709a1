using FinQuery.Cli;
using FinQuery.Tests.Evaluation;

namespace FinQuery.Tests.Cli;

/// <summary>The REPL's <c>:asof DATE</c>: later lines see the data as known on the day, until <c>:asof latest</c>.</summary>
public class ReplAsOfTests
{
    private static (int Code, string Out, string Err) Repl(string input, params string[] args)
    {
        string path = Path.Combine(Path.GetTempPath(), $"finq-asof-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, AsOfTests.Json);
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var io = new CliStreams(stdout, stderr, new StringReader(input), Interactive: false);
            int code = Program.Run([.. args, "repl", "--data", path], io);
            return (code, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString().Replace("\r\n", "\n"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Asof_moves_the_session_back_and_forth_in_time()
    {
        var (code, output, err) = Repl("eps[FY2024Q2]\n:asof 2023-09-01\neps[FY2024Q2]\nyoy(eps, FY2024Q2)\n:asof\n:asof latest\neps[FY2024Q2]\n");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var lines = output.Split('\n');
        int first = Array.FindIndex(lines, l => l.Contains("0.25 USD/share"));
        int back = Array.FindIndex(lines, l => l.Contains("2.48 USD/share"));
        int again = Array.FindLastIndex(lines, l => l.Contains("0.25 USD/share"));
        Assert.True(first >= 0 && back > first && again > back, output);
        Assert.Contains("+853.8%", output); // the release said up 854%
        Assert.Contains("as of 2023-09-01: later publications do not exist", output);
        Assert.Contains("the latest data", output);
    }

    [Fact]
    public void The_asof_option_starts_the_session_there_and_asof_can_move_later()
    {
        var (code, output, _) = Repl(":asof\neps[FY2024Q2]\n:asof 2025-01-01\neps[FY2024Q2]\n", "--asof", "2023-09-01");
        Assert.Equal(0, code);
        Assert.Contains("as of 2023-09-01", output);
        Assert.True(output.IndexOf("2.48 USD/share", StringComparison.Ordinal) < output.IndexOf("0.25 USD/share", StringComparison.Ordinal), output);
    }

    [Fact]
    public void A_bad_day_is_a_plain_message_and_the_session_goes_on()
    {
        var (code, output, err) = Repl(":asof 2023-13-01\n:asof yesterday\neps[FY2024Q2]\n");
        Assert.Equal(0, code);
        Assert.Contains(":asof needs a day written YYYY-MM-DD (like 2023-07-26) or 'latest', not '2023-13-01'", err);
        Assert.Contains("not 'yesterday'", err);
        Assert.Contains("0.25 USD/share", output);
    }

    [Fact]
    public void The_asof_option_says_so_when_the_data_has_no_publication_days()
    {
        // The bundled sample has no filed days: every value counts as known from the beginning, so a past day
        // changes nothing. The answer is the contract's, but it must not pass for a vintage.
        var (code, output, err) = CliTests.Finq("--asof", "2023-01-01", "eval", "revenue[2022Q4]");
        Assert.Equal(0, code);
        Assert.Equal("32.165B USD", output.Trim());
        Assert.Contains("finq: --asof 2023-01-01: meta-q2-2023 (bundled) gives no publication day (filed) for any value", err);
        var replOutWriter = new StringWriter();
        var replErrWriter = new StringWriter();
        Program.Run(["repl"], new CliStreams(replOutWriter, replErrWriter, new StringReader(":asof 2023-01-01\nrevenue[2022Q4]\n"), Interactive: false));
        string replOut = replOutWriter.ToString(), replErr = replErrWriter.ToString();
        Assert.Contains("as of 2023-01-01: later publications do not exist", replOut);
        Assert.Contains("note: meta-q2-2023 (bundled) gives no publication day (filed)", replErr);
    }

    [Fact]
    public void Data_with_publication_days_gets_no_such_notice()
    {
        string path = Path.Combine(Path.GetTempPath(), $"finq-asof-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, AsOfTests.Json);
        try
        {
            var (code, output, err) = CliTests.Finq("--asof", "2023-09-01", "eval", "--data", path, "eps[FY2024Q2]");
            Assert.Equal(0, code);
            Assert.Contains("2.48 USD/share", output);
            Assert.Equal("", err);
        }
        finally
        {
            File.Delete(path);
        }
        var (_, _, replErr) = Repl(":asof 2023-09-01\neps[FY2024Q2]\n", "--asof", "2023-09-01");
        Assert.Equal("", replErr);
    }
}
