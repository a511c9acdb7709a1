using System.Diagnostics;
using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary>Ctrl-C while a REPL query runs stops that query, and the session goes on.</summary>
public class ReplCancelTests
{
    [Fact]
    public async Task Cancelling_the_running_line_stops_it_and_the_session_goes_on()
    {
        var quarters = Enumerable.Range(0, 400).Select(i => new KeyValuePair<Period, double>(Period.OfQuarter(1900 + i / 4, i % 4 + 1), i + 1)).ToList();
        var builder = new DatasetBuilder();
        builder.AddEntity("A").AddSeries("A", "rev", "USD", Aggregation.Sum, quarters);
        var data = builder.Build();
        using var started = new ManualResetEventSlim();
        // 50 ms a point over 400 quarters: 20 s if it ran to the end.
        var functions = FunctionRegistry.CreateDefault().Register("slow", v =>
        {
            started.Set();
            Thread.Sleep(50);
            return v;
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var session = new ReplSession(data, null, stdout, stderr) { Functions = functions };
        Assert.False(session.CancelRunning()); // nothing runs yet

        var watch = Stopwatch.StartNew();
        var line = Task.Run(() => session.Handle("slow(rev) + 1"));
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the query did not start");
        Assert.True(session.CancelRunning());
        bool goesOn = await line.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(goesOn, "the session ended");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"cancelling took {watch.Elapsed}");
        Assert.Equal("cancelled\n", stderr.ToString().Replace("\r\n", "\n"));
        Assert.Equal("", stdout.ToString());

        Assert.True(session.Handle("rev[1900Q2] + 1"));
        Assert.Equal("3 USD", stdout.ToString().Trim());
        Assert.False(session.CancelRunning());
    }
}
