using System.Globalization;

namespace FinQuery.Tests.Robustness;

/// <summary>
/// What every robustness test asserts about one query: Parse, Bind, Evaluate and Explain either succeed
/// with a sane result or raise <see cref="FinQueryException"/> with a position inside the text; nothing
/// else escapes, nothing hangs.
/// </summary>
internal static class Guard
{
    /// <summary>Generous: a case normally takes well under a millisecond.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>How far a query got.</summary>
    public enum Stage { ParseError, BindError, EvalError, Evaluated }

    /// <summary>The outcome of one query, as text that must not depend on the culture or the thread.</summary>
    public sealed record Outcome(Stage Stage, string Text);

    /// <summary>
    /// Runs <paramref name="work"/> on a thread-pool thread and fails when it does not finish within
    /// <see cref="Timeout"/> (a hang) or throws anything but <see cref="FinQueryException"/>.
    /// </summary>
    public static T Within<T>(string what, Func<T> work)
    {
        var task = Task.Run(work);
        bool finished;
        try
        {
            finished = task.Wait(Timeout);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {ex.InnerException!.GetType().Name} escaped: {ex.InnerException}");
        }
        if (!finished) throw new Xunit.Sdk.XunitException($"{what}: did not finish within {Timeout.TotalSeconds} s (a hang)");
        return task.Result;
    }

    /// <summary>Parses, binds and evaluates (three ways) one query; returns a culture-free description of the outcome.</summary>
    public static Outcome Check(string text, Dataset data, QueryOptions? options = null, Entity? other = null) =>
        Within(Show(text), () => CheckInline(text, data, options, other));

    /// <summary>As <see cref="Check"/>, on the calling thread (the caller provides the timeout).</summary>
    public static Outcome CheckInline(string text, Dataset data, QueryOptions? options = null, Entity? other = null)
    {
        Query query;
        try
        {
            query = Query.Parse(text, options);
        }
        catch (FinQueryException ex)
        {
            AssertPosition(ex, text);
            return new Outcome(Stage.ParseError, Describe(ex));
        }
        // The canonical text of a parsed query parses again.
        _ = Query.Parse(query.ToString(), new QueryOptions { MaxLength = int.MaxValue, MaxDepth = 100_000, MaxLets = 100_000 });

        BoundQuery bound;
        try
        {
            bound = query.Bind(data);
        }
        catch (FinQueryException ex)
        {
            AssertPosition(ex, text);
            Assert.False(ex.Message.StartsWith("cannot bind the query:", StringComparison.Ordinal), $"a defect surfaced while binding {Show(text)}: {ex.Message}");
            return new Outcome(Stage.BindError, Describe(ex));
        }

        try
        {
            var result = bound.Evaluate();
            AssertSane(result, text);
            var again = bound.Evaluate(bound.DefaultEntity, CancellationToken.None);
            Assert.Equal(Render(result), Render(again));
            var explained = bound.Explain();
            AssertSane(explained, text);
            Assert.Equal(Render(result), Render(explained));
            Assert.NotNull(explained.Provenance);
            _ = explained.Provenance!.ToString();
            string rendered = Render(result);
            if (other is not null) rendered += " | " + Render(AssertSane(bound.Evaluate(other), text));
            return new Outcome(Stage.Evaluated, rendered);
        }
        catch (FinQueryException ex)
        {
            AssertPosition(ex, text);
            Assert.False(ex.Message.StartsWith("internal error", StringComparison.Ordinal), $"a defect surfaced while evaluating {Show(text)}: {ex.Message}");
            return new Outcome(Stage.EvalError, Describe(ex));
        }
    }

    /// <summary>Numbers are finite, series hold no NaN or infinity, NA has a reason, and display text exists.</summary>
    public static QueryResult AssertSane(QueryResult r, string text)
    {
        switch (r.Kind)
        {
            case ResultKind.Number or ResultKind.Percent:
                Assert.True(double.IsFinite(r.Number), $"{Show(text)} gave the number {r.Number.ToString(CultureInfo.InvariantCulture)}");
                Assert.False(r.IsNa);
                break;
            case ResultKind.NA:
                Assert.True(r.IsNa);
                Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"{Show(text)} gave NA without a reason");
                Assert.NotEqual(NaKind.None, r.NaKind);
                Assert.True(double.IsNaN(r.Number));
                break;
            case ResultKind.Series:
                var points = r.Series;
                for (int i = 0; i < points.Count; i++)
                {
                    Assert.True(double.IsFinite(points[i].Value), $"{Show(text)} gave a series holding {points[i].Value.ToString(CultureInfo.InvariantCulture)} at {points[i].Key}");
                    if (i > 0) Assert.True(points[i - 1].Key.CompareTo(points[i].Key) < 0, $"{Show(text)} gave a series out of period order");
                }
                break;
            case ResultKind.Bool:
                Assert.NotNull(r.Bool);
                break;
            case ResultKind.Period:
                Assert.NotNull(r.Period);
                break;
        }
        Assert.False(string.IsNullOrEmpty(r.Display));
        Assert.DoesNotContain("NaN", r.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", r.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", r.Display, StringComparison.Ordinal);
        return r;
    }

    /// <summary>The position lies inside the text: 1-based line and column, a span within bounds.</summary>
    public static void AssertPosition(FinQueryException ex, string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        Assert.True(ex.Line >= 1 && ex.Column >= 1, $"bad position {ex.Line}:{ex.Column} for {Show(text)}: {ex.Message}");
        Assert.True(ex.Start >= 0 && ex.Length >= 0 && ex.Start + ex.Length <= text.Length,
            $"span {ex.Start}+{ex.Length} outside {Show(text)} ({text.Length} chars): {ex.Message}");
        // Line and column agree with the offset.
        int line = 1, lineStart = 0;
        for (int i = 0; i < ex.Start; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        Assert.True((line, ex.Start - lineStart + 1) == (ex.Line, ex.Column),
            $"line {ex.Line}, column {ex.Column} does not match offset {ex.Start} in {Show(text)}: {ex.Message}");
    }

    /// <summary>Everything a caller can see of a result, with doubles as bits.</summary>
    public static string Render(QueryResult r)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(r.Kind).Append(' ').Append(BitConverter.DoubleToInt64Bits(r.Number).ToString(CultureInfo.InvariantCulture))
          .Append(' ').Append(r.Unit).Append(' ').Append(r.Display).Append(' ').Append(r.NaKind).Append(' ').Append(r.Reason);
        foreach (var (p, v) in r.Series)
            sb.Append(' ').Append(p.ToString()).Append('=').Append(BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public static string Describe(FinQueryException ex) => $"{ex.Line}:{ex.Column}+{ex.Length} {ex.Message}";

    /// <summary>The text in a failure message: quoted, control characters escaped, long text shortened.</summary>
    public static string Show(string text)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (char c in text.Length > 400 ? text[..400] : text)
        {
            if (c == '"') sb.Append("\\\"");
            else if (c < ' ' || c > '~') sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        if (text.Length > 400) sb.Append($"...({text.Length} chars)");
        return sb.Append('"').ToString();
    }
}
