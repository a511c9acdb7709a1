using System.Diagnostics;

namespace FinQuery.Tests.Robustness;

/// <summary>
/// Every limit of <see cref="QueryOptions"/> (issue 6): its default, that it can be set, and that exceeding it
/// raises <see cref="FinQueryException"/> at the exact position of the offending text. Also the span of a
/// range on daily data (bounded by the data, not by the span) and the cancellation token.
/// </summary>
public class LimitTests
{
    /// <summary>rev: eight quarters 2022Q1..2023Q4 of A, in USD.</summary>
    private static readonly Dataset Quarterly = new DatasetBuilder()
        .AddEntity("A")
        .AddSeries("A", "rev", "USD", Aggregation.Sum, Enumerable.Range(0, 8).Select(i => KeyValuePair.Create(Period.OfQuarter(2022, 1) + i, 100.0 + i)))
        .Build();

    private static Dataset Daily(int days, Aggregation aggregation = Aggregation.Sum, string first = "2023-01-01") => new DatasetBuilder()
        .AddEntity("A")
        .AddSeries("A", "rev", "USD", aggregation, Enumerable.Range(0, days).Select(i => KeyValuePair.Create(P(first) + i, 1.0 + i % 7)))
        .Build();

    private static FinQueryException Fails(string text, QueryOptions? options = null, Dataset? data = null) =>
        Assert.Throws<FinQueryException>(() => Query.Parse(text, options).Bind(data ?? Quarterly).Evaluate());

    /// <summary>The exception sits at <paramref name="column"/> (1-based, line 1) and covers <paramref name="length"/> characters.</summary>
    private static void At(FinQueryException ex, string text, int column, int length, string message)
    {
        Assert.Equal(message, ex.Message);
        Assert.Equal((1, column, column - 1, length), (ex.Line, ex.Column, ex.Start, ex.Length));
        Guard.AssertPosition(ex, text);
    }

    [Fact]
    public void The_defaults_are_documented_and_safe()
    {
        var d = QueryOptions.Default;
        Assert.Equal((10_000, 64, 256, 100_000, 10_000_000L), (d.MaxLength, d.MaxDepth, d.MaxLets, d.MaxLag, d.MaxWork));
        Assert.Same(d, Query.Parse("1").Options);
    }

    // ---------- query length ----------

    [Fact]
    public void Query_length_is_limited_to_10000_characters_by_default()
    {
        string longest = new string(' ', 9_999) + "1";
        Assert.Equal(1, Query.Parse(longest).Bind(Quarterly).Evaluate().Number);
        string tooLong = longest + " ";
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(tooLong));
        At(ex, tooLong, 1, 0, "query is 10001 characters long; the limit is 10000");
    }

    [Fact]
    public void Query_length_limit_can_be_set()
    {
        var options = new QueryOptions { MaxLength = 11 };
        Assert.Equal(101, Query.Parse("rev[2022Q2]", options).Bind(Quarterly).Evaluate().Number);
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("rev[2022Q2] ", options));
        At(ex, "rev[2022Q2] ", 1, 0, "query is 12 characters long; the limit is 11");
    }

    // ---------- nesting depth ----------

    [Theory]
    [InlineData("(", "1", ")", 1)]      // parentheses: the 65th '(' fails
    [InlineData("-", "rev", "", 1)]     // unary minus
    [InlineData("abs(", "1", ")", 4)]   // calls: the '(' of the 65th call fails
    [InlineData("not ", "true", "", 4)] // not
    public void Nesting_is_limited_to_64_levels_by_default(string open, string leaf, string close, int width)
    {
        string ok = string.Concat(Enumerable.Repeat(open, 64)) + leaf + string.Concat(Enumerable.Repeat(close, 64));
        _ = Query.Parse(ok).Bind(Quarterly).Evaluate();

        string deep = string.Concat(Enumerable.Repeat(open, 65)) + leaf + string.Concat(Enumerable.Repeat(close, 65));
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(deep));
        int column = 64 * width + (open.EndsWith('(') ? open.Length : 1);
        int length = open.EndsWith('(') ? 1 : open.Trim().Length;
        At(ex, deep, column, length, "query nests deeper than 64 levels");
    }

    [Fact]
    public void A_chain_of_operators_counts_one_level_per_operator()
    {
        string ok = "1" + string.Concat(Enumerable.Repeat(" + 1", 64));
        Assert.Equal(65, Query.Parse(ok).Bind(Quarterly).Evaluate().Number);
        string deep = ok + " + 1";
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(deep));
        At(ex, deep, deep.Length - 2, 1, "query nests deeper than 64 levels"); // the 65th '+'
    }

    [Fact]
    public void Nesting_depth_limit_can_be_set()
    {
        var options = new QueryOptions { MaxDepth = 3 };
        Assert.Equal(4, Query.Parse("abs(abs(1 + 3))", options).Bind(Quarterly).Evaluate().Number);
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse("abs(abs(abs(1 + 3)))", options));
        At(ex, "abs(abs(abs(1 + 3)))", 15, 1, "query nests deeper than 3 levels"); // the '+' is the 4th level
    }

    [Fact]
    public void A_hundred_thousand_parentheses_fail_cleanly_without_overflowing_the_stack()
    {
        string deep = new string('(', 100_000) + "1" + new string(')', 100_000);
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(deep, new QueryOptions { MaxLength = 1_000_000 }));
        At(ex, deep, 65, 1, "query nests deeper than 64 levels");

        // Even a host that lifts the depth limit gets an error, not a crash, on a small stack.
        FinQueryException? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                Query.Parse(deep, new QueryOptions { MaxLength = 1_000_000, MaxDepth = int.MaxValue });
            }
            catch (FinQueryException e)
            {
                caught = e;
            }
        }, 512 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(caught);
        Assert.Equal("query nests too deeply for the available stack", caught!.Message);
    }

    [Fact]
    public void Nesting_counts_through_lets_so_a_chain_of_lets_cannot_deepen_evaluation()
    {
        // a is 60 levels deep; b uses it 5 calls deep: 65 levels once a is substituted.
        string a = new string('-', 60) + "rev";
        string b = string.Concat(Enumerable.Repeat("abs(", 5)) + "a" + new string(')', 5);
        string text = $"let a = {a}; let b = {b}; b[2022Q1]";
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Quarterly));
        At(ex, text, text.IndexOf("abs(a)", StringComparison.Ordinal) + 5, 1, "query nests deeper than 64 levels once its lets are substituted");

        // 3 calls, and the index in the body: 64 levels.
        string fits = $"let a = {a}; let b = {string.Concat(Enumerable.Repeat("abs(", 3))}a{new string(')', 3)}; b[2022Q1]";
        Assert.Equal(100, Query.Parse(fits).Bind(Quarterly).Evaluate().Number);
    }

    [Fact]
    public void A_long_chain_of_lets_is_an_error_not_a_stack_overflow()
    {
        // 70 lets each 62 levels on the previous one: 4,000 levels of evaluation, within 10,000 characters.
        // Before lets counted towards the depth, evaluating this crashed the host with a stack overflow.
        string ones = string.Concat(Enumerable.Repeat("+1", 62));
        string text = "let a0 = rev[2022Q1]; " + string.Concat(Enumerable.Range(1, 70).Select(i => $"let a{i}=a{i - 1}{ones};")) + "a70";
        Assert.True(text.Length < 10_000);
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Quarterly));
        Assert.Equal("query nests deeper than 64 levels once its lets are substituted", ex.Message);
        Assert.Equal(text.IndexOf("let a2=a1", StringComparison.Ordinal) + 7, ex.Start); // a1 is 62 deep; a2 adds 62 more
    }

    [Fact]
    public void A_query_at_the_depth_limit_parses_binds_and_evaluates_on_512_KB_of_stack()
    {
        // 64 levels of series operations, and 63 parentheses with an index (parentheses take the most stack to parse).
        string calls = string.Concat(Enumerable.Repeat("abs(", 32)) + "rev" + string.Concat(Enumerable.Repeat(" + 1)", 32));
        string parens = new string('(', 63) + "rev" + new string(')', 63) + "[2022Q1]";
        var (q1, q2) = OnStack(512 * 1024, () => (Query.Parse(calls), Query.Parse(parens)));
        var result = OnStack(512 * 1024, () => q1.Bind(Quarterly).Evaluate());
        Assert.Equal(8, result.Series.Count);
        Assert.Equal(132, result.Series[0].Value);
        Assert.Equal(100, OnStack(512 * 1024, () => q2.Bind(Quarterly).Explain()).Number);
    }

    /// <summary>Runs <paramref name="work"/> on a new thread with a stack of <paramref name="stackSize"/> bytes.</summary>
    private static T OnStack<T>(int stackSize, Func<T> work)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }, stackSize);
        thread.Start();
        thread.Join();
        if (error is not null) throw error;
        return result;
    }

    [Fact]
    public void A_host_that_raises_the_depth_limit_to_1000_evaluates_on_a_1_MB_stack()
    {
        var options = new QueryOptions { MaxDepth = 1_000, MaxLength = 100_000 };
        string text = string.Concat(Enumerable.Repeat("abs(", 500)) + "rev" + string.Concat(Enumerable.Repeat(" + 1)", 500));
        // Parsing 1,000 levels takes a larger stack (the parser fails cleanly when it runs short); evaluating does not.
        var bound = OnStack(16 << 20, () => Query.Parse(text, options).Bind(Quarterly));
        var result = OnStack(1 << 20, () => bound.Evaluate());
        Assert.Equal(600, result.Series[0].Value);
    }

    [Fact]
    public void Binding_on_a_small_stack_fails_cleanly_when_the_depth_limit_is_lifted()
    {
        var options = new QueryOptions { MaxDepth = int.MaxValue, MaxLength = int.MaxValue };
        string text = new string('-', 50_000) + "rev";
        var query = OnStack(256 << 20, () => Query.Parse(text, options));
        var ex = OnStack(512 << 10, () => Assert.Throws<FinQueryException>(() => query.Bind(Quarterly)));
        Assert.StartsWith("query nests too deeply for the stack of this thread", ex.Message);
        Guard.AssertPosition(ex, text);
    }

    // ---------- let bindings ----------

    [Fact]
    public void Let_bindings_are_limited_to_256_by_default()
    {
        string Lets(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"let v{i} = {i}; ")) + "1";
        Assert.Equal(1, Query.Parse(Lets(256)).Bind(Quarterly).Evaluate().Number);
        string text = Lets(257);
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text));
        At(ex, text, text.IndexOf("let v256", StringComparison.Ordinal) + 1, 3, "query has more than 256 let bindings");
    }

    [Fact]
    public void Let_limit_can_be_set()
    {
        var options = new QueryOptions { MaxLets = 1 };
        Assert.Equal(3, Query.Parse("let a = 1; a + 2", options).Bind(Quarterly).Evaluate().Number);
        const string text = "let a = 1; let b = 2; a + b";
        var ex = Assert.Throws<FinQueryException>(() => Query.Parse(text, options));
        At(ex, text, 12, 3, "query has more than 1 let bindings");
    }

    [Fact]
    public void Lets_that_reuse_each_other_cost_linear_work_not_exponential()
    {
        // Each let doubles the expression: 2^60 evaluations of rev[2022Q1] if lets were evaluated at each use.
        // (Before lets were evaluated once, this hung the host.)
        string text = "let a0 = rev[2022Q1] / 100; "
            + string.Concat(Enumerable.Range(1, 60).Select(i => $"let a{i} = a{i - 1} + a{i - 1}; ")) + "a60";
        var bound = Query.Parse(text).Bind(Quarterly);
        var result = Guard.Within("let doubling", () => bound.Evaluate());
        Assert.Equal(Math.Pow(2, 60), result.Number);
        Assert.Equal(Math.Pow(2, 60), Guard.Within("let doubling", () => bound.Explain()).Number);

        // The same for series: each let is evaluated once (two operations of 8 points), so the work stays within 30 × 16.
        string series = "let s0 = rev; " + string.Concat(Enumerable.Range(1, 30).Select(i => $"let s{i} = s{i - 1} + s{i - 1} - s{i - 1}; ")) + "s30";
        var seriesResult = Guard.Within("series let doubling", () => Query.Parse(series, new QueryOptions { MaxWork = 30 * 16 }).Bind(Quarterly).Evaluate());
        Assert.Equal(Quarterly.Entities[0].Series[0].ValuesAt(Frequency.Quarter).Select(p => p.Value), seriesResult.Series.Select(p => p.Value));
    }

    [Fact]
    public void Units_built_by_products_cannot_grow_without_bound()
    {
        // Each let squares the unit: USD*USD, USD*USD*USD*USD, ... 2^40 copies of "USD" if unchecked.
        string text = "let a0 = rev[2022Q1]; " + string.Concat(Enumerable.Range(1, 40).Select(i => $"let a{i} = a{i - 1} * a{i - 1}; ")) + "a40";
        var ex = Guard.Within("unit doubling", () => Assert.Throws<FinQueryException>(() => Query.Parse(text).Bind(Quarterly)));
        Assert.StartsWith("the unit of this product is too long", ex.Message);
        Guard.AssertPosition(ex, text);
        Assert.Equal("a4 * a4", text.Substring(ex.Start, ex.Length)); // "USD" 32 times, 127 characters, is the first unit over 100
    }

    // ---------- lag ----------

    [Fact]
    public void Lag_is_limited_to_100000_periods_by_default()
    {
        Assert.Empty(Query.Parse("lag(rev, 100000)").Bind(Quarterly).Evaluate().Series); // 25,000 years later: past 9999
        const string text = "lag(rev, 2147483647)";
        At(Fails(text), text, 10, 10, "lag of 2147483647 periods is beyond the limit of 100000 (QueryOptions.MaxLag)");
        const string negative = "lag(rev, -2147483648)";
        At(Fails(negative), negative, 10, 11, "lag of -2147483648 periods is beyond the limit of 100000 (QueryOptions.MaxLag)");
        const string huge = "lag(rev, 1e300)";
        At(Fails(huge), huge, 10, 5, "lag of 1E+300 periods is beyond the limit of 100000 (QueryOptions.MaxLag)");
    }

    [Fact]
    public void Lag_limit_can_be_set_and_applies_to_computed_shifts()
    {
        var options = new QueryOptions { MaxLag = 4 };
        Assert.Equal(100, Query.Parse("lag(rev, 4)[2023Q1]", options).Bind(Quarterly).Evaluate().Number);
        Assert.Equal(104, Query.Parse("lag(rev, -4)[2022Q1]", options).Bind(Quarterly).Evaluate().Number);
        const string folded = "lag(rev, 2 + 3)";
        At(Fails(folded, options), folded, 10, 5, "lag of 5 periods is beyond the limit of 4 (QueryOptions.MaxLag)");
        // A shift only known when evaluating fails when evaluating, at the same place.
        const string runtime = "lag(rev, rev[2022Q1] / 20)";
        var bound = Query.Parse(runtime, options).Bind(Quarterly);
        At(Assert.Throws<FinQueryException>(() => bound.Evaluate()), runtime, 10, 16, "lag of 5 periods is beyond the limit of 4 (QueryOptions.MaxLag)");
    }

    [Fact]
    public void Lag_by_the_largest_int_is_safe_when_the_limit_is_lifted()
    {
        var options = new QueryOptions { MaxLag = int.MaxValue };
        var result = Query.Parse("lag(rev, 2147483647)", options).Bind(Quarterly).Evaluate();
        Assert.Equal(ResultKind.Series, result.Kind);
        Assert.Empty(result.Series); // every shifted point falls past 9999Q4
        Assert.Empty(Query.Parse("lag(rev, -2147483647)", options).Bind(Quarterly).Evaluate().Series);
        const string text = "lag(rev, -2147483648)";
        At(Fails(text, options), text, 10, 11, "lag of -2147483648 periods is beyond the limit of 2147483647 (QueryOptions.MaxLag)");
    }

    // ---------- work ----------

    [Fact]
    public void Work_is_limited_and_the_error_names_the_expression_that_exceeded_it()
    {
        var options = new QueryOptions { MaxWork = 10 };
        Assert.Equal(8, Query.Parse("rev + 1", options).Bind(Quarterly).Evaluate().Series.Count);
        const string zip = "rev + 1 + 1";   // 8 points, then 8 more
        At(Fails(zip, options), zip, 1, 11, "the query needs more work than the limit allows (QueryOptions.MaxWork)");
        const string count = "1 + count(rev, 2022Q1..2023Q4)";
        At(Fails(count, new QueryOptions { MaxWork = 7 }), count, 5, 26, "the query needs more work than the limit allows (QueryOptions.MaxWork)");
        const string ttm = "ttm(rev)";   // 8 points, each a sum
        At(Fails(ttm, new QueryOptions { MaxWork = 12 }), ttm, 1, 8, "the query needs more work than the limit allows (QueryOptions.MaxWork)");
    }

    [Fact]
    public void Work_limit_applies_to_each_evaluation_afresh()
    {
        var bound = Query.Parse("rev + 1", new QueryOptions { MaxWork = 8 }).Bind(Quarterly);
        for (int i = 0; i < 3; i++) Assert.Equal(8, bound.Evaluate().Series.Count);
    }

    [Fact]
    public void A_trailing_sum_of_an_expression_on_a_long_daily_series_costs_what_the_metric_costs()
    {
        // ttm of a computed daily series once looked at every point for every point (4,000² = 16M, over the
        // default limit). Now it is the metric's cover, combined: the same work as ttm(rev) (365 reported days
        // for each point), linear in the points.
        var data = Daily(1_500);
        var expression = Guard.Within("ttm(rev * 1)", () => Query.Parse("ttm(rev * 1)", new QueryOptions { MaxWork = 3_000_000 }).Bind(data).Evaluate());
        var metric = Query.Parse("ttm(rev)").Bind(data).Evaluate();
        Assert.Equal(metric.Series, expression.Series);
        Assert.Equal(1_500 - 364, expression.Series.Count);
    }

    [Fact]
    public void Covering_ranges_counts_as_work()
    {
        // ttm of a daily metric covers 365 days for each of its 3,000 points: about 1.1 million pieces.
        var data = Daily(3_000);
        Assert.Equal(2_636, Query.Parse("ttm(rev)", new QueryOptions { MaxWork = 2_000_000 }).Bind(data).Evaluate().Series.Count);
        const string text = "ttm(rev)";
        At(Fails(text, new QueryOptions { MaxWork = 100_000 }, data), text, 1, 8, "the query needs more work than the limit allows (QueryOptions.MaxWork)");
    }

    // ---------- the span of a range on daily data ----------

    [Theory]
    [InlineData("sum(rev, 0001-01-01..9999-12-31)", "n/a: no rev for 0001-01-01")]
    [InlineData("sum(rev, 2023-01-01..9999-12-31)", "n/a: no rev for 2023-01-11")]
    [InlineData("sum(rev, 2023-01-01..)", "34 USD")]
    [InlineData("count(rev, 0001-01-01..9999-12-31)", "10")]
    [InlineData("avg(rev, 0001-01-01..9999-12-31)", "3.4 USD")]
    [InlineData("min(rev, 0001-01-01..9999-12-31)", "1 USD")]
    [InlineData("max(rev, ..9999-12-31)", "7 USD")]
    [InlineData("count(rev, FY0001..FY9999)", "n/a: no rev in 0001..9999")]
    [InlineData("sum(rev, FY0001..FY9999)", "n/a: no rev for 0001")]
    [InlineData("count(rev * 1, 0001-01-01..9999-12-31)", "10")]
    [InlineData("sum(rev * 1, 0001-01-01..9999-12-31)", "n/a: no rev for 0001-01-01")]
    [InlineData("sum(rev * 1, 2023-01-01..)", "34 USD")]
    [InlineData("count(rev[0001-01-01..9999-12-31], 0001-01-01..)", "10")]
    [InlineData("ttm(rev, 9999-12-31)", "n/a: no rev for 9999-01-01")]
    [InlineData("sum(rev, 9999-12-31..0001-01-01)", "n/a: the range 9999-12-31..0001-01-01 is empty")]
    public void A_range_over_all_of_time_on_daily_data_costs_no_more_than_the_data(string text, string expected)
    {
        // Ten days of data. The work allowed is tiny, so these pass only because the work follows the
        // data (the cover stops at the first gap, the aggregates clamp the range to the table), not the
        // 3.65 million days of the range. No extra limit on the span is needed.
        var data = Daily(10);
        var options = new QueryOptions { MaxWork = 25 };
        var result = Guard.Within(text, () => Query.Parse(text, options).Bind(data).Evaluate());
        Assert.Equal(expected, result.Display);
    }

    [Fact]
    public void Series_functions_and_ranges_over_all_of_time_on_daily_data_stay_fast()
    {
        // A year of daily data; series functions and ranges over all of time.
        var data = Daily(366, first: "2023-06-01");
        foreach (var text in new[] { "ttm(rev)", "yoy(rev)", "lag(rev, -100000)", "sum(ttm(rev), 0001..)", "first(rev > 6)", "count(yoy(rev), 0001-01-01..9999-12-31)" })
        {
            var watch = Stopwatch.StartNew();
            var result = Guard.Within(text, () => Query.Parse(text).Bind(data).Evaluate());
            Guard.AssertSane(result, text);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{text} took {watch.Elapsed}");
        }
    }

    // ---------- cancellation ----------

    [Fact]
    public void A_cancelled_token_stops_evaluation_before_it_starts()
    {
        var bound = Query.Parse("rev[2022Q1] + 1").Bind(Quarterly);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var ex = Assert.ThrowsAny<OperationCanceledException>(() => bound.Evaluate(bound.DefaultEntity, cts.Token));
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.ThrowsAny<OperationCanceledException>(() => bound.Explain(null, cts.Token));
        Assert.Equal(101, bound.Evaluate(bound.DefaultEntity, CancellationToken.None).Number);
    }

    [Fact]
    public void Cancelling_during_evaluation_stops_it_with_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var functions = FunctionRegistry.CreateDefault().Register("cancel_now", v =>
        {
            calls++;
            cts.Cancel();
            return v;
        });
        var bound = Query.Parse("cancel_now(rev) + rev").Bind(Quarterly, functions: functions);
        var ex = Assert.ThrowsAny<OperationCanceledException>(() => bound.Evaluate(bound.DefaultEntity, cts.Token));
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(1, calls); // cancellation is honoured between the points of the host function's series
    }

    [Fact]
    public void A_long_evaluation_stops_soon_after_its_token_is_cancelled()
    {
        // A host function that takes a millisecond per point, over 20,000 days with no work limit:
        // at least 20 s if it ran to the end. (A quadratic built-in query no longer works here: the
        // evaluator computes ttm over expressions in linear time.)
        var data = Daily(20_000);
        var functions = FunctionRegistry.CreateDefault().Register("slow", v =>
        {
            Thread.Sleep(1);
            return v;
        });
        var bound = Query.Parse("slow(rev) + 1", new QueryOptions { MaxWork = long.MaxValue }).Bind(data, functions: functions);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        Guard.Within("cancel", () => Assert.ThrowsAny<OperationCanceledException>(() => bound.Evaluate(bound.DefaultEntity, cts.Token)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {watch.Elapsed}");
    }

    [Fact]
    public void Evaluating_for_an_entity_of_another_dataset_is_refused()
    {
        var bound = Query.Parse("rev[2022Q1]").Bind(Quarterly);
        var other = Daily(3).Entities[0];
        Assert.Throws<ArgumentException>(() => bound.Evaluate(other));
        Assert.Throws<ArgumentException>(() => bound.Explain(other));
        Assert.Equal(100, bound.Evaluate(Quarterly.Entities[0]).Number);
    }
}
