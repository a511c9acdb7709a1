using FinQuery.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Screens;

/// <summary>
/// The peer functions' median is found by selection, not by sorting: it must equal what a sort gives, for any values,
/// duplicates and orders that defeat a naive pivot included; and a screen over any order of the universe ranks as the
/// values say.
/// </summary>
public class PeerSelectionProperties
{
    private static double SortedMedian(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] / 2 + sorted[n / 2] / 2;
    }

    private static Gen<double[]> Values =>
        Gen.OneOf(
            // Few distinct values: many duplicates.
            Gen.Choose(-5, 5).Select(i => (double)i),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 7.0),
            Gen.Elements(0.0, -0.0, 1e300, -1e300, double.Epsilon, 1.5))
        .ArrayOf().Where(a => a.Length > 0);

    [Property(MaxTest = 300)]
    public Property The_median_by_selection_is_the_median_of_the_sorted_values() =>
        Prop.ForAll(Values.ToArbitrary(), values =>
        {
            double expected = SortedMedian(values);
            double actual = PeerNode.Median((double[])values.Clone());
            // Equal as numbers (a sort orders −0 and 0 either way, so the sign of a zero is not compared).
            return (expected == actual).Label($"expected {expected}, got {actual}");
        });

    [Property(MaxTest = 100)]
    public Property Selection_puts_the_kth_value_in_place_with_smaller_before_and_larger_after() =>
        Prop.ForAll(Values.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (values, seed) =>
        {
            var copy = (double[])values.Clone();
            int k = seed % copy.Length;
            double x = PeerNode.Select(copy, k);
            return x == values.Order().ElementAt(k) && copy[k] == x
                && copy.Take(k).All(v => v <= x) && copy.Skip(k + 1).All(v => v >= x)
                && copy.Order().SequenceEqual(values.Order());
        });

    [Theory]
    [InlineData("ascending")]
    [InlineData("descending")]
    [InlineData("organ pipe")]
    [InlineData("all equal")]
    [InlineData("alternating")]
    public void Orders_that_defeat_a_naive_pivot_give_the_sorted_median(string shape)
    {
        const int n = 20_001;
        var values = Enumerable.Range(0, n).Select(i => shape switch
        {
            "ascending" => i,
            "descending" => -i,
            "organ pipe" => Math.Min(i, n - i),
            "all equal" => 3.0,
            _ => i % 2 == 0 ? i : -i,
        }).Select(v => (double)v).ToArray();
        Assert.Equal(SortedMedian(values), PeerNode.Median((double[])values.Clone()));
        Assert.Equal(SortedMedian(values[1..]), PeerNode.Median(values[1..]));
    }

    [Property(MaxTest = 30)]
    public Property A_screen_over_any_order_of_the_universe_ranks_by_the_values(int seed)
    {
        var data = ScreenData.Generated(150, seed: 3);
        var order = data.Entities.OrderBy(e => HashCode.Combine(e.Id, seed)).ToArray();
        var universe = order.Take(100 + Math.Abs(seed % 50)).ToArray();
        var bound = Query.Parse("peer_rank(revenue[2023Q2])").Bind(data, "E000");
        var value = Query.Parse("revenue[2023Q2]").Bind(data, "E000");
        var values = universe.Select(e => value.Evaluate(e)).ToArray();
        var known = values.Where(v => !v.IsNa).Select(v => v.Number).ToArray();
        var results = new QueryResult[universe.Length];
        bound.EvaluateMany(universe, results, parallel: seed % 2 == 0);
        for (int i = 0; i < universe.Length; i++)
        {
            if (values[i].IsNa)
            {
                if (results[i].Reason != values[i].Reason) return false.Label($"{universe[i].Id}: {results[i].Display}");
                continue;
            }
            double rank = 1 + known.Count(v => v > values[i].Number);
            if (results[i].Number != rank) return false.Label($"{universe[i].Id}: rank {results[i].Number}, expected {rank}");
        }
        return true.ToProperty();
    }
}
