using BenchmarkDotNet.Attributes;
using FinQuery.Evaluation;
using FinQuery.Syntax;

namespace FinQuery.Benchmarks;

/// <summary>
/// Scenario 2 split into its stages, for both cold queries: lexing, parsing (lexing included), binding without
/// lowering, lowering, and evaluating the lowered tree once. Not a target of its own; it shows where the cold
/// path's time goes.
/// </summary>
[MemoryDiagnoser]
public class S2_Stages
{
    private const string YoyText = "yoy(revenue, 2023Q2)";
    private const string ArithmeticText = "revenue[2023Q2] / revenue[2022Q2] - 1";

    private Dataset _data = null!;
    private QuerySyntax _yoySyntax = null!, _arithmeticSyntax = null!;
    private Bound _yoyPlain = null!, _arithmeticPlain = null!;
    private BoundQuery _yoyBound = null!, _arithmeticBound = null!;
    private static readonly ParserLimits Limits = new(QueryOptions.Default.MaxLength, QueryOptions.Default.MaxDepth, QueryOptions.Default.MaxLets);

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchData.SingleEntity(80, out _);
        _yoySyntax = QueryParser.Parse(YoyText, Limits);
        _arithmeticSyntax = QueryParser.Parse(ArithmeticText, Limits);
        _yoyPlain = BindPlain(_yoySyntax, YoyText);
        _arithmeticPlain = BindPlain(_arithmeticSyntax, ArithmeticText);
        _yoyBound = Query.Parse(YoyText).Bind(_data);
        _arithmeticBound = Query.Parse(ArithmeticText).Bind(_data);
    }

    private static int Lex(string text)
    {
        var state = ParseState.Rent(text, Limits);
        int count = 0;
        for (var t = Lexer.Tokenize(state); t is not null; t = t.Next) count++;
        state.Return();
        return count;
    }

    private Bound BindPlain(QuerySyntax syntax, string text) =>
        new Binder(_data, _data.DefaultEntity, FunctionRegistry.Default, QueryOptions.Default, text).BindQuery(syntax);

    [Benchmark(Description = "yoy: lex")]
    public object Lex_Yoy() => Lex(YoyText);

    [Benchmark(Description = "yoy: parse (lex included)")]
    public object Parse_Yoy() => QueryParser.Parse(YoyText, Limits);

    [Benchmark(Description = "yoy: bind, no lowering")]
    public object Bind_Yoy() => BindPlain(_yoySyntax, YoyText);

    [Benchmark(Description = "yoy: lower")]
    public object Lower_Yoy() => Lowerer.Lower(_yoyPlain, new LoweringContext(_data.DefaultEntity));

    [Benchmark(Description = "yoy: evaluate")]
    public double Evaluate_Yoy() => _yoyBound.Evaluate().Number;

    [Benchmark(Description = "arithmetic: lex")]
    public object Lex_Arithmetic() => Lex(ArithmeticText);

    [Benchmark(Description = "arithmetic: parse (lex included)")]
    public object Parse_Arithmetic() => QueryParser.Parse(ArithmeticText, Limits);

    [Benchmark(Description = "arithmetic: bind, no lowering")]
    public object Bind_Arithmetic() => BindPlain(_arithmeticSyntax, ArithmeticText);

    // Query.Bind no longer runs this walk for the arithmetic form (the binder sees that no pass applies to plain
    // arithmetic over figures): the row shows what that skip saves, not a stage of today's cold path.
    [Benchmark(Description = "arithmetic: lower (skipped by Query.Bind)")]
    public object Lower_Arithmetic() => Lowerer.Lower(_arithmeticPlain, new LoweringContext(_data.DefaultEntity));

    [Benchmark(Description = "arithmetic: evaluate")]
    public double Evaluate_Arithmetic() => _arithmeticBound.Evaluate().Number;
}
