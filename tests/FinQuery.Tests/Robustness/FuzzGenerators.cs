using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace FinQuery.Tests.Robustness;

/// <summary>Random query text: arbitrary strings, strings over the language's characters, and token soups.</summary>
public sealed record QueryText(string Text)
{
    public override string ToString() => Guard.Show(Text);
}

/// <summary>A well-formed (mostly well-typed) query and a small random dataset to run it on.</summary>
public sealed record FuzzCase(string Query, DataSpec Data)
{
    public override string ToString() => $"{Guard.Show(Query)} over {Data}";
}

/// <summary>One series of a random dataset: reported periods and values.</summary>
public sealed record SeriesSpec(string Entity, string Metric, Variant Variant, string Unit, Aggregation Aggregation, (string Period, double Value)[] Values)
{
    public override string ToString() =>
        $"{Entity}.{Metric}{(Variant == Variant.Consensus ? "(c)" : "")}[{Aggregation}] {string.Join(" ", Values.Select(v => $"{v.Period}={v.Value.ToString("R", CultureInfo.InvariantCulture)}"))}";
}

/// <summary>
/// A random dataset: entities A (the default) and B, each with a fiscal year ending in June or December,
/// and series rev (sum, USD), stock (last, count) and eps (none, USD/share), plus a consensus of rev, at
/// random frequencies (years, quarters, months, days, or quarters with some years), spans and values.
/// </summary>
public sealed record DataSpec(int FiscalA, int FiscalB, SeriesSpec[] Series)
{
    public Dataset Build()
    {
        var b = new DatasetBuilder().AddEntity("A", fiscalYearEndMonth: FiscalA).AddEntity("B", fiscalYearEndMonth: FiscalB).SetDefaultEntity("A");
        foreach (var s in Series)
            b.AddSeries(s.Entity, s.Metric, s.Unit, s.Aggregation, s.Values.Select(v => KeyValuePair.Create(Period.Parse(v.Period), v.Value)), s.Variant);
        return b.Build();
    }

    public override string ToString() => $"A(fy {FiscalA}) B(fy {FiscalB}): {string.Join("; ", Series.Select(s => s.ToString()))}";
}

/// <summary>FsCheck generators for the robustness properties (register with <c>Arbitrary = [typeof(FuzzArbitraries)]</c>).</summary>
public static class FuzzArbitraries
{
    public static Arbitrary<QueryText> QueryText() => Arb.From(FuzzGen.AnyText.Select(t => new QueryText(t)));

    public static Arbitrary<FuzzCase> FuzzCase() => Arb.From(FuzzGen.Case);
}

internal static class FuzzGen
{
    // ---------- random text ----------

    /// <summary>Characters the lexer treats specially, plus some it must reject cleanly.</summary>
    private const string LanguageChars = "0123456789.,;:()[]+-*/^<>=!&|#%_ \t\nabcdefklmnoqrstuvwxyzFYHQMBTEe\r\"'\\@$~`{}?";

    private static readonly char[] Exotic =
        ['\0', '\u00A0', '\u00E9', '\u0130', '\u0131', '\u200B', '\u200E', '\u2028', '\uFEFF', '\uD83D', '\uDE00', '\u0660', '\u066B', '\u2212', '\uFF10', '\u1680'];

    private static readonly Gen<char> LanguageChar =
        Gen.Frequency((12, Gen.Elements(LanguageChars.ToCharArray())), (1, Gen.Elements(Exotic)));

    private static Gen<string> StringOf(Gen<char> chars, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(chars, n)).Select(a => new string(a));

    /// <summary>Any UTF-16 text, surrogates and controls included.</summary>
    private static readonly Gen<string> Unicode = StringOf(Gen.Choose(0, 0xFFFF).Select(i => (char)i), 60);

    /// <summary>The language's tokens, glued together or spaced, with the odd stray character.</summary>
    public static readonly Gen<string> TokenSoup =
        Gen.Frequency((3, Gen.Choose(1, 4)), (2, Gen.Choose(5, 30))).SelectMany(n => Gen.ArrayOf(
                Gen.Zip(Gen.Frequency((30, Token), (1, LanguageChar.Select(c => c.ToString()))),
                        Gen.Frequency((6, Gen.Constant(" ")), (3, Gen.Constant("")), (1, Gen.Elements("\n", "\r\n", "\t", "  # note\n")))),
                n))
            .Select(parts => string.Concat(parts.Select(p => p.Item1 + p.Item2)));

    public static readonly Gen<string> AnyText = Gen.Frequency(
        (2, Unicode),
        (3, StringOf(LanguageChar, 40)),
        (6, TokenSoup));

    private static readonly string[] Names =
        ["rev", "stock", "eps", "x", "revenue", "A.rev", "B.rev", "a.stock", "B.eps", "C.rev", "A.nope", "nope", "_", "v1", "let", "and", "or", "not", "true", "false", "rev.rev", "A.let"];

    private static readonly string[] Functions =
        ["yoy", "qoq", "growth", "cagr", "change", "sum", "avg", "min", "max", "count", "ttm", "ytd", "lag", "consensus", "surprise", "beat",
         "first", "last", "days_between", "months_between", "years_between", "abs", "round", "if", "nosuch", "Sum", "YOY"];

    private static readonly string[] Numbers =
        ["0", "1", "2", "-1", "4", "12", "2023", "0.5", ".5", "1.", "31.06", "1e9", "1E+3", "1e-400", "1e400", "1e308", "1.8e308", "12k", "3M", "4B", "5bn", "6T",
         "11%", "0%", "1e308T", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e", "1e+", "12x", "3bnx", "0x10", "1_000", "9.99e307M"];

    private static readonly string[] Periods =
        ["2023", "FY2023", "fy2023", "2023H1", "2023h2", "2023Q2", "FY2023Q4", "2023-07", "2023-07-05", "0001", "9999", "0001Q1", "9999Q4", "0001-01-01", "9999-12-31",
         "0000", "2023Q5", "2023H3", "2023-13", "2023-02-29", "2024-02-29", "2023-00-10", "2023W05", "FY23", "FY2023Q", "2023-7", "2023-07-5", "10000", "2023Q2x"];

    private static readonly string[] Ranges =
        ["2021..2023Q2", "..2023Q1", "2022Q1..", "..", "2021..", "..9999-12-31", "0001-01-01..9999-12-31", "2023Q2..2021", "FY2021..FY2023", "2021...2022", "2021..2023Q9", "1..2", "2021 ..2022"];

    private static readonly string[] Punctuation =
        ["(", ")", "(", ")", "[", "]", ",", ",", ";", "+", "-", "*", "/", "^", "<", "<=", ">", ">=", "=", "!=", "==", "<>", "!", "&&", "||", "&", "|", "..", ".", "#", "%", "'", "\"", ":", "~=", "~"];

    private static readonly Gen<string> Token = Gen.Frequency(
        (4, Gen.Elements(Names)),
        (4, Gen.Elements(Functions).SelectMany(f => Gen.Elements(f, f + "(", f + "(rev,"))),
        (3, Gen.Elements(Numbers)),
        (3, Gen.Elements(Periods)),
        (2, Gen.Elements(Ranges)),
        (6, Gen.Elements(Punctuation)),
        (1, Gen.Elements("let v1 =", "let v1 = 1;", "let rev = 2;", "let let", "#", "# comment\n")));

    // ---------- random datasets ----------

    private static readonly Gen<double> Amount = Gen.Frequency(
        (10, Gen.Choose(1, 1000).Select(i => (double)i)),
        (3, Gen.Choose(-500, 500).Select(i => i / 10.0)),
        (2, Gen.Constant(0.0)),
        (2, Gen.Choose(-1000, -1).Select(i => (double)i)),
        (1, Gen.Elements(1e15, -1e15, 1e-9, 4.9e-324, double.Epsilon * 3)),
        (1, Gen.Elements(1e300, -1e300, 1.7e308, -1.7e308, double.MaxValue)));

    private enum Shape { Years, Quarters, QuartersAndYears, Months, Days, Halves }

    private static readonly Gen<(string Period, double Value)[]> Observations =
        from shape in Gen.Elements(Shape.Years, Shape.Quarters, Shape.Quarters, Shape.QuartersAndYears, Shape.Months, Shape.Days, Shape.Halves)
        from count in Gen.Choose(0, shape == Shape.Days ? 40 : 14)
        from startYear in Gen.Frequency((12, Gen.Choose(2019, 2023)), (1, Gen.Elements(1, 2, 9997, 9999)))
        from offset in Gen.Choose(0, 11)
        from gaps in Gen.ArrayOf(Gen.Frequency((8, Gen.Constant(false)), (1, Gen.Constant(true))), count)
        from values in Gen.ArrayOf(Amount, count)
        from years in Gen.ArrayOf(Amount, 4)
        select Build(shape, count, startYear, offset, gaps, values, years);

    private static (string, double)[] Build(Shape shape, int count, int startYear, int offset, bool[] gaps, double[] values, double[] years)
    {
        var list = new List<(string, double)>();
        var seen = new HashSet<Period>();
        Period start = shape switch
        {
            Shape.Years => Period.OfYear(startYear),
            Shape.Halves => Period.OfHalf(startYear, 1 + offset % 2),
            Shape.Months => Period.OfMonth(startYear, 1 + offset),
            Shape.Days => Period.OfDay(startYear, 1 + offset, 1 + offset * 2),
            _ => Period.OfQuarter(startYear, 1 + offset % 4),
        };
        for (int i = 0; i < count; i++)
        {
            if (gaps[i] || !start.TryPlus(i, out var p) || !seen.Add(p)) continue;
            list.Add((p.ToString(), values[i]));
        }
        if (shape == Shape.QuartersAndYears)
        {
            for (int y = 0; y < years.Length; y++)
            {
                if (startYear + y > Period.MaxYear) break;
                var p = Period.OfYear(startYear + y);
                if (seen.Add(p)) list.Add((p.ToString(), years[y]));
            }
        }
        return list.ToArray();
    }

    private static Gen<SeriesSpec?> SeriesOf(string entity, string metric, Variant variant, string unit, Aggregation aggregation) =>
        Gen.Frequency(
            (6, Observations.Select(o => (SeriesSpec?)new SeriesSpec(entity, metric, variant, unit, aggregation, o))),
            (1, Gen.Constant<SeriesSpec?>(null)));

    public static readonly Gen<DataSpec> Data =
        from fa in Gen.Elements(12, 12, 6, 3)
        from fb in Gen.Elements(12, 6)
        from s in Gen.CollectToArray(new[]
        {
            SeriesOf("A", "rev", Variant.Actual, "USD", Aggregation.Sum),
            SeriesOf("A", "rev", Variant.Consensus, "USD", Aggregation.Sum),
            SeriesOf("A", "stock", Variant.Actual, "count", Aggregation.Last),
            SeriesOf("A", "eps", Variant.Actual, "USD/share", Aggregation.None),
            SeriesOf("B", "rev", Variant.Actual, "USD", Aggregation.Sum),
            SeriesOf("B", "rev", Variant.Consensus, "USD", Aggregation.Sum),
            SeriesOf("B", "stock", Variant.Actual, "count", Aggregation.Last),
        })
        // rev must exist somewhere so that queries bind (a metric unknown to the whole dataset is a bind error).
        let series = s.Any(x => x is { Metric: "rev", Variant: Variant.Actual }) ? s : s.Append(new SeriesSpec("B", "rev", Variant.Actual, "USD", Aggregation.Sum, [])).ToArray()
        select new DataSpec(fa, fb, series.OfType<SeriesSpec>().ToArray());

    // ---------- well-formed expressions ----------

    private enum T { Num, Series, BoolSeries, Bool, Period, Range }

    private static readonly string[] QueryPeriods =
        ["FY2021", "FY2022", "FY2023", "2022H1", "2023H2", "2021Q1", "2022Q2", "2022Q4", "2023Q1", "2023Q2", "2023Q4", "2022-06", "2023-01", "2023-12",
         "2022-03-15", "2023-01-01", "2023-02-10", "2023-12-31", "FY0001", "FY9999", "0001Q1", "9999Q4", "0001-01", "9999-12", "0001-01-01", "9999-12-31", "FY1", "FY2"];

    private static readonly Gen<string> PeriodLiteral = Gen.Elements(QueryPeriods).Select(p => p == "FY1" ? "FY0001" : p == "FY2" ? "FY0002" : p);

    private static readonly Gen<string> NumberLiteral = Gen.Frequency(
        (6, Gen.Choose(0, 100).Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (3, Gen.Choose(1, 9999).Select(i => (i / 100.0).ToString("R", CultureInfo.InvariantCulture))),
        (2, Gen.Elements("1k", "2.5M", "31.06B", "1bn", "0.5T", "11%", "0%", "-5%", "100%")),
        (1, Gen.Elements("1e300", "1.7e308", "1e-300", "4.9e-324", "2147483647", "1e15", "9.99e307", "1e308k", "99999999999999999999")));

    /// <summary>A typed expression; <paramref name="lets"/> are names already bound, with their types.</summary>
    private static Gen<string> Expr(T type, int size, (string Name, T Type)[] lets)
    {
        var letNames = lets.Where(l => l.Type == type).Select(l => l.Name).ToArray();
        var leaf = LeafOf(type);
        if (letNames.Length > 0) leaf = Gen.Frequency((3, leaf), (2, Gen.Elements(letNames)));
        if (size <= 0) return leaf;
        int s = size / 2;
        // Lazy: a generator for a sub-expression is built only when a sample needs it.
        Gen<string> E(T t) => Gen.Constant(t).SelectMany(tt => Expr(tt, s, lets));
        Gen<string> N() => E(T.Num);
        Gen<string> S() => E(T.Series);
        Gen<string> P() => E(T.Period);
        Gen<string> R() => Gen.Frequency((3, E(T.Range)), (1, E(T.Period)));
        Gen<string> Call(string f, params Gen<string>[] args) => Gen.CollectToArray(args).Select(a => $"{f}({string.Join(", ", a)})");
        Gen<string> Bin(Gen<string> a, string[] ops, Gen<string> b) =>
            from x in a from op in Gen.Elements(ops) from y in b select $"({x} {op} {y})";

        string[] arith = ["+", "-", "*", "/"];
        string[] compare = ["<", "<=", ">", ">=", "=", "!="];
        // Figures as written for '~=' (plain ones: a percent figure needs a percent on the left).
        var figure = Gen.Elements("32B", "3.73B", "-2.98", "0", "0.000", "1e-300", "1.5e9", "71469", "-0.5k", "100.000M", "7e307", ".5", "1e-99999");
        var composite = type switch
        {
            T.Num => Gen.OneOf(
                from x in S() from p in P() select $"{x}[{p}]",
                Call("yoy", S(), P()), Call("qoq", S(), P()),
                Call("growth", S(), P(), P()), Call("cagr", S(), P(), P()), Call("change", S(), P(), P()),
                Gen.Elements("sum", "avg", "min", "max", "count").SelectMany(f => Call(f, S(), R())),
                Call("ttm", S(), P()), Call("ytd", S(), P()),
                Call("surprise", Gen.Elements("rev", "A.rev", "B.rev"), P()), Call("consensus", Gen.Elements("rev", "B.rev"), P()),
                Bin(N(), ["+", "-", "*", "/", "^"], N()),
                N().Select(x => $"-{x}"), Call("abs", N()),
                from x in N() from d in Gen.Choose(0, 15) select $"round({x}, {d})",
                from c in E(T.Bool) from a in N() from b in N() select $"if({c}, {a}, {b})",
                Gen.Elements("days_between", "months_between", "years_between").SelectMany(f => Call(f, P(), P())),
                from a in P() from b in P() select $"({a} - {b})"),
            T.Series => Gen.OneOf(
                from x in S() from n in Gen.Frequency((5, Gen.Choose(-8, 8)), (1, Gen.Elements(100_000, -100_000, 99_999))) select $"lag({x}, {n})",
                Bin(S(), arith, Gen.OneOf(S(), N())),
                Bin(N(), arith, S()),
                S().Select(x => $"-{x}"), Call("abs", S()),
                from x in S() from d in Gen.Choose(0, 4) select $"round({x}, {d})",
                Call("yoy", S()), Call("qoq", S()), Call("ttm", S()),
                from x in S() from r in E(T.Range) select $"{x}[{r}]",
                Call("consensus", Gen.Elements("rev", "B.rev")), Call("surprise", Gen.Elements("rev", "A.rev"))),
            T.BoolSeries => Gen.OneOf(
                Bin(S(), compare, Gen.OneOf(S(), N())),
                from x in S() from f in figure select $"({x} ~= {f})",
                Bin(E(T.BoolSeries), ["and", "or"], Gen.OneOf(E(T.BoolSeries), E(T.Bool))),
                E(T.BoolSeries).Select(x => $"(not {x})"),
                Call("beat", Gen.Elements("rev", "B.rev"))),
            T.Bool => Gen.OneOf(
                Bin(N(), compare, N()),
                from x in N() from f in figure select $"({x} ~= {f})",
                Bin(E(T.Bool), ["and", "or"], E(T.Bool)),
                E(T.Bool).Select(x => $"(not {x})"),
                Call("beat", Gen.Elements("rev", "A.rev"), P()),
                Bin(P(), ["=", "!=", "<", ">="], P()),
                from x in E(T.BoolSeries) from p in P() select $"({x})[{p}]"),
            T.Period => Gen.OneOf(
                from p in P() from op in Gen.Elements("+", "-") from n in Gen.Frequency((5, Gen.Choose(0, 12).Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, Gen.Elements("0.5", "1e9", "4000000", "3652059"))) select $"({p} {op} {n})",
                Call("first", E(T.BoolSeries)), Call("last", E(T.BoolSeries))),
            _ => Gen.Constant(""),
        };
        return type == T.Range ? leaf : Gen.Frequency((2, leaf), (3, composite));
    }

    private static Gen<string> LeafOf(T type) => type switch
    {
        T.Num => NumberLiteral,
        T.Series => Gen.Frequency((6, Gen.Elements("rev", "stock", "eps")), (2, Gen.Elements("A.rev", "B.rev", "B.stock", "A.eps"))),
        T.BoolSeries => Gen.Elements("rev > 0", "stock >= 10", "yoy(rev) > 10%", "rev > lag(rev, 1)", "beat(rev)"),
        T.Bool => Gen.Elements("true", "false"),
        T.Period => PeriodLiteral,
        _ => Gen.OneOf(
            from a in PeriodLiteral from b in PeriodLiteral select $"{a}..{b}",
            PeriodLiteral.Select(a => $"{a}.."),
            PeriodLiteral.Select(b => $"..{b}")),
    };

    private static readonly T[] ResultTypes = [T.Num, T.Num, T.Series, T.Series, T.BoolSeries, T.Bool, T.Period];

    /// <summary>Zero to three lets of random types, then a final expression that may use them.</summary>
    public static readonly Gen<string> Query = Gen.Sized(size =>
    {
        int budget = Math.Min(size, 12);
        return from letCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 3)))
               from letTypes in Gen.ArrayOf(Gen.Elements(ResultTypes), letCount)
               from text in Lets(letTypes, 0, [], budget)
               select text;
    });

    private static Gen<string> Lets(T[] types, int i, (string, T)[] bound, int size)
    {
        if (i == types.Length)
            return Gen.Elements(ResultTypes).SelectMany(t => Expr(t, size, bound));
        string name = i == 0 && types.Length > 1 && types[0] == T.Series ? "rev" : $"v{i + 1}"; // a let may shadow a metric
        return from value in Expr(types[i], size / 2, bound)
               from rest in Lets(types, i + 1, [.. bound, (name, types[i])], size)
               select $"let {name} = {value};\n{rest}";
    }

    public static readonly Gen<FuzzCase> Case =
        from q in Query
        from d in Data
        select new FuzzCase(q, d);
}
