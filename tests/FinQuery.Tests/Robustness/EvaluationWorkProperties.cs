using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Robustness;

/// <summary>A stack of expression templates, innermost first, each with one <c>{0}</c> hole.</summary>
public sealed record Wrappers(bool Series, string[] Templates)
{
    public string Around(string leaf) => Templates.Aggregate(leaf, (inner, t) => string.Format(System.Globalization.CultureInfo.InvariantCulture, t, inner));
    public override string ToString() => Around(Series ? "tick(rev)" : "tick(rev[2022Q1])");
}

public static class WrapperArbitraries
{
    private static readonly string[] Scalar =
        ["abs({0})", "round({0}, 2)", "-{0}", "({0} + 1)", "({0} * 1)", "({0} / 2)", "if(true, {0}, 0)", "if(false, 0, {0})",
         "if({0} > 0, 1, 2)", "({0} = 1)", "if(not ({0} > 1e300), 1, 0)", "(2023Q1 + round(abs({0}) / 1e9, 0))"];

    // A template giving a boolean or a period is followed by one that makes it a number again.
    private static readonly Dictionary<string, string> Fixups = new()
    {
        ["({0} = 1)"] = "if({0}, 1, 0)",
        ["(2023Q1 + round(abs({0}) / 1e9, 0))"] = "(({0}) - 2020Q1)",
    };

    // Series templates keep any unit: yoy and qoq make percents, which the others accept.
    private static readonly string[] SeriesTemplates =
        ["abs({0})", "round({0}, 1)", "-{0}", "({0} + 1)", "({0} * 2)", "({0} / 2)", "({0} * (rev / rev))", "lag({0}, 1)", "lag({0}, -2)",
         "yoy({0})", "qoq({0})", "ttm({0})", "({0})[2022Q1..2023Q4]", "({0})[2000..]"];

    public static Arbitrary<Wrappers> Wrappers() => Arb.From(
        from series in Gen.Elements(false, true)
        from n in Gen.Choose(1, 40)
        from picks in Gen.ArrayOf(Gen.Elements(series ? SeriesTemplates : Scalar), n)
        select new Wrappers(series, picks.SelectMany(t => Fixups.TryGetValue(t, out var f) ? new[] { t, f } : [t]).ToArray()));
}

/// <summary>
/// Evaluation does work proportional to the query, never exponential in its depth: however deeply a
/// subexpression is wrapped, it is evaluated once per evaluation. (A one-argument function once evaluated its
/// argument twice, so <c>abs(abs(…))</c> 32 deep hung the host.) The leaf is a host function that counts its calls.
/// </summary>
public class EvaluationWorkProperties
{
    private static readonly Dataset Data = new DatasetBuilder()
        .AddEntity("A")
        .AddSeries("A", "rev", "USD", Aggregation.Sum, Enumerable.Range(0, 8).Select(i => KeyValuePair.Create(Period.OfQuarter(2022, 1) + i, 100.0 + i)))
        .Build();

    private static readonly QueryOptions Deep = new() { MaxDepth = 1000 };

    private static (BoundQuery Query, Func<int> Calls) Bind(string text)
    {
        int calls = 0;
        var functions = FunctionRegistry.CreateDefault().Register("tick", v =>
        {
            Interlocked.Increment(ref calls);
            return v;
        });
        return (Query.Parse(text, Deep).Bind(Data, functions: functions), () => Volatile.Read(ref calls));
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(WrapperArbitraries)])]
    public void A_wrapped_subexpression_is_evaluated_once(Wrappers w)
    {
        string leaf = w.Series ? "tick(rev)" : "tick(rev[2022Q1])";
        int perEvaluation = w.Series ? 8 : 1;
        foreach (var text in new[] { w.Around(leaf), $"let t = {leaf}; {w.Around("t")}" })
        {
            var (bound, calls) = Bind(text);
            // At most once per point it is asked at, however deep the wrapping: each evaluation memoises every
            // node's points (fewer calls when a wrapper, such as ttm of a non-additive series, asks for none).
            Guard.AssertSane(Guard.Within(text, () => bound.Evaluate()), text);
            int first = calls();
            Assert.InRange(first, 0, perEvaluation);
            Guard.AssertSane(Guard.Within(text, () => bound.Explain()), text);
            Assert.InRange(calls() - first, 0, perEvaluation);
        }
    }

    [Fact]
    public void Sixty_nested_calls_of_a_one_argument_function_evaluate_their_argument_once()
    {
        string text = string.Concat(Enumerable.Repeat("abs(", 60)) + "tick(rev[2022Q1])" + new string(')', 60);
        var (bound, calls) = Bind(text);
        Assert.Equal(100, Guard.Within(text, () => bound.Evaluate()).Number);
        Assert.Equal(1, calls());
    }

    [Fact]
    public void A_let_used_many_times_is_evaluated_once()
    {
        var (bound, calls) = Bind("let t = tick(rev); let u = t + t + t; max(u, 2022Q1..2023Q4) + min(t, 2022Q1..2023Q4) + count(u - t, 2022Q1..2023Q4)");
        // 3 × 107 + 100 + 8
        Assert.Equal("429 USD", Guard.Within("lets", () => bound.Evaluate()).Display);
        Assert.Equal(8, calls());
    }

    [Fact]
    public void A_host_function_that_throws_gives_NA_for_a_number_and_drops_the_point_of_a_series()
    {
        var functions = FunctionRegistry.CreateDefault().Register("picky", v => v > 103 ? throw new InvalidOperationException("too big") : v);
        var scalar = Query.Parse("picky(rev[2023Q4])").Bind(Data, functions: functions).Evaluate();
        Assert.Equal("n/m: picky failed: too big", scalar.Display);
        var series = Query.Parse("picky(rev)").Bind(Data, functions: functions).Evaluate();
        Assert.Equal([100.0, 101, 102, 103], series.Series.Select(p => p.Value));
    }
}
