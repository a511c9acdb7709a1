using Xunit;
using FinQuery.Syntax;
using static FinQuery.Tests.Syntax.SyntaxTestHelpers;

namespace FinQuery.Tests.Syntax;

public class QueryParserTests
{
    /// <summary>The span is <paramref name="start"/> and <paramref name="length"/>, and its start is at <paramref name="line"/> and <paramref name="column"/> of the text.</summary>
    private static void AssertSpan(string text, int start, int length, int line, int column, TextSpan actual)
    {
        Assert.Equal(new TextSpan(start, length), actual);
        Assert.Equal((line, column), TextSpan.LineColumn(text, start));
    }

    [Theory]
    [InlineData("42", 42.0, "None")]
    [InlineData("31.06", 31.06, "None")]
    [InlineData("1e9", 1e9, "None")]
    [InlineData("1.5E-3", 1.5e-3, "None")]
    [InlineData("2E+3", 2e3, "None")]
    [InlineData(".5", 0.5, "None")]
    [InlineData("0", 0.0, "None")]
    [InlineData("3k", 3.0, "Thousand")]
    [InlineData("3K", 3.0, "Thousand")]
    [InlineData("2.5M", 2.5, "Million")]
    [InlineData("31.06B", 31.06, "Billion")]
    [InlineData("4bn", 4.0, "Billion")]
    [InlineData("1T", 1.0, "Trillion")]
    [InlineData("11%", 11.0, "Percent")]
    [InlineData("1e3k", 1000.0, "Thousand")]
    [InlineData("12345678901234567890", 12345678901234567890.0, "None")]
    public void Numbers_keep_the_mantissa_as_written_and_the_suffix(string text, double mantissa, string suffix)
    {
        var n = Assert.IsType<NumberLiteral>(ParseExpr(text));
        Assert.Equal(mantissa, n.Mantissa);
        Assert.Equal(Enum.Parse<NumberSuffix>(suffix), n.Suffix);
        AssertSpan(text, 0, text.Length, 1, 1, n.Span);
    }

    [Fact]
    public void Number_values_apply_the_suffix()
    {
        Assert.Equal(31.06e9, ((NumberLiteral)ParseExpr("31.06B")).Value, 3);
        Assert.Equal(0.11, ((NumberLiteral)ParseExpr("11%")).Value, 12);
    }

    [Fact]
    public void Numbers_ignore_the_current_culture()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(31.06, ((NumberLiteral)ParseExpr("31.06")).Mantissa);
            Assert.Equal("31.06B", AstPrinter.Print(ParseExpr("31.06B")));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("FY2023", "2023")]
    [InlineData("fy2023", "2023")]
    [InlineData("2023H1", "2023H1")]
    [InlineData("2023h2", "2023H2")]
    [InlineData("2023Q2", "2023Q2")]
    [InlineData("2023q4", "2023Q4")]
    [InlineData("FY2023Q1", "2023Q1")]
    [InlineData("FY2023H2", "2023H2")]
    [InlineData("2023-07", "2023-07")]
    [InlineData("2023-07-05", "2023-07-05")]
    [InlineData("2024-02-29", "2024-02-29")]
    public void Period_literals(string text, string period)
    {
        var p = Assert.IsType<PeriodLiteral>(ParseExpr(text));
        Assert.Equal(Period.Parse(period), p.Period);
        AssertSpan(text, 0, text.Length, 1, 1, p.Span);
    }

    [Fact]
    public void A_bare_year_is_a_number_the_binder_may_read_as_a_year()
    {
        var n = Assert.IsType<NumberLiteral>(ParseExpr("2023"));
        Assert.True(n.IsYearLike);
        Assert.Equal(2023, n.Mantissa);
    }

    [Theory]
    [InlineData("2023 - 7", "(- 2023 7)")]
    [InlineData("2023 -7", "(- 2023 7)")]
    [InlineData("2023- 7", "(- 2023 7)")]
    [InlineData("2023-07", "#2023-07")]
    [InlineData("2023Q2 - 4", "(- #2023Q2 4)")]
    [InlineData("2023Q2-4", "(- #2023Q2 4)")]
    [InlineData("2023-07-05+30", "(+ #2023-07-05 30)")]
    [InlineData("2023-07-05-1", "(- #2023-07-05 1)")]
    [InlineData("12-3", "(- 12 3)")]
    [InlineData("FY2023-1", "(- #2023 1)")]
    public void Dashes_after_four_digits_make_a_date_only_when_glued_to_digits(string text, string sexp) =>
        Assert.Equal(sexp, Sexp(text));

    [Theory]
    [InlineData("2021..2023", "2021", "2023")]
    [InlineData("2021..2023Q2", "2021", "2023Q2")]
    [InlineData("..2023Q1", null, "2023Q1")]
    [InlineData("2022Q1..", "2022Q1", null)]
    [InlineData("2023-01..2023-06-30", "2023-01", "2023-06-30")]
    [InlineData("FY2021..FY2022H1", "2021", "2022H1")]
    [InlineData("2021H2..2022q1", "2021H2", "2022Q1")]
    [InlineData("..2023", null, "2023")]
    [InlineData("2019..", "2019", null)]
    public void Range_literals_with_open_ends_and_mixed_frequencies(string text, string? start, string? end)
    {
        var r = Assert.IsType<RangeLiteral>(ParseExpr(text));
        Assert.Equal(start is null ? null : Period.Parse(start), r.Start);
        Assert.Equal(end is null ? null : Period.Parse(end), r.End);
        AssertSpan(text, 0, text.Length, 1, 1, r.Span);
    }

    [Fact]
    public void Ranges_work_as_index_and_argument()
    {
        Assert.Equal("(index revenue 2021..2022)", Sexp("revenue[2021..2022]"));
        Assert.Equal("(index revenue 2022Q1..)", Sexp("revenue[2022Q1..]"));
        Assert.Equal("(call sum x ..2023Q1)", Sexp("sum(x, ..2023Q1)"));
        Assert.Equal("(call sum x 2021..)", Sexp("sum(x, 2021..)"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Booleans(string text, bool value) =>
        Assert.Equal(value, Assert.IsType<BoolLiteral>(ParseExpr(text)).Value);

    [Theory]
    [InlineData("revenue", null, "revenue")]
    [InlineData("net_income", null, "net_income")]
    [InlineData("_x1", null, "_x1")]
    [InlineData("META.revenue", "META", "revenue")]
    [InlineData("meta_2.eps_diluted", "meta_2", "eps_diluted")]
    [InlineData("notes", null, "notes")]
    [InlineData("letter", null, "letter")]
    [InlineData("FY20234", null, "FY20234")]
    [InlineData("fyi", null, "fyi")]
    public void Names_and_entity_qualified_names(string text, string? entity, string name)
    {
        var n = Assert.IsType<NameRef>(ParseExpr(text));
        Assert.Equal(entity, n.Entity);
        Assert.Equal(name, n.Name);
        AssertSpan(text, 0, text.Length, 1, 1, n.Span);
    }

    [Theory]
    [InlineData("-2^2", "(neg (^ 2 2))")]
    [InlineData("2^-1", "(^ 2 (neg 1))")]
    [InlineData("2^3^4", "(^ 2 (^ 3 4))")]
    [InlineData("-2^-2^2", "(neg (^ 2 (neg (^ 2 2))))")]
    [InlineData("(-2)^2", "(^ (neg 2) 2)")]
    [InlineData("--1", "(neg (neg 1))")]
    [InlineData("1+2*3", "(+ 1 (* 2 3))")]
    [InlineData("(1+2)*3", "(* (+ 1 2) 3)")]
    [InlineData("1-2-3", "(- (- 1 2) 3)")]
    [InlineData("8/4/2", "(/ (/ 8 4) 2)")]
    [InlineData("1-2*3^2", "(- 1 (* 2 (^ 3 2)))")]
    [InlineData("a or b and c", "(or a (and b c))")]
    [InlineData("a and b or c", "(or (and a b) c)")]
    [InlineData("not a = b", "(not (= a b))")]
    [InlineData("not a and b", "(and (not a) b)")]
    [InlineData("not not a", "(not (not a))")]
    [InlineData("a + 1 < b * 2", "(< (+ a 1) (* b 2))")]
    [InlineData("a <= b", "(<= a b)")]
    [InlineData("a >= b", "(>= a b)")]
    [InlineData("a > b", "(> a b)")]
    [InlineData("a != b", "(!= a b)")]
    [InlineData("a = b and c != d", "(and (= a b) (!= c d))")]
    [InlineData("-x[2023Q2]", "(neg (index x #2023Q2))")]
    [InlineData("x[1]^2", "(^ (index x 1) 2)")]
    [InlineData("x[a][b]", "(index (index x a) b)")]
    [InlineData("f(x)[2023]", "(index (call f x) 2023)")]
    [InlineData("(a + b)[1]", "(index (+ a b) 1)")]
    [InlineData("yoy(revenue, 2023Q2)", "(call yoy revenue #2023Q2)")]
    [InlineData("f()", "(call f)")]
    [InlineData("if(a > b, -1, 1 + 2)", "(call if (> a b) (neg 1) (+ 1 2))")]
    [InlineData("surprise(META.eps, 2023Q2) > 5%", "(> (call surprise META.eps #2023Q2) 5%)")]
    [InlineData("f(g(h(1)))", "(call f (call g (call h 1)))")]
    public void Precedence_and_associativity(string text, string sexp) =>
        Assert.Equal(sexp, Sexp(text));

    [Fact]
    public void Whitespace_newlines_and_comments_go_anywhere_between_tokens()
    {
        const string text = "# growth\n  yoy (\trevenue # the metric\n , 2023Q2 ) # done\n# bye";
        Assert.Equal("(call yoy revenue #2023Q2)", Sexp(text));
        Assert.Equal("(+ 1 2)", Sexp("1 #+ 5\n+ 2"));
        Assert.Equal("(+ 1 2)", Sexp("1\r\n+\r\n2\r\n"));
    }

    [Fact]
    public void Multi_line_let_query_has_spans_on_every_line()
    {
        const string text = "let margin = net_income / revenue;\n# quarterly\nlet q = 2023Q2;\n  margin[q] * 100";
        var query = ParseQuery(text);

        Assert.Equal(2, query.Lets.Count);
        Assert.Equal("margin", query.Lets[0].Name);
        Assert.Equal("(/ net_income revenue)", Sexp(query.Lets[0].Value));
        AssertSpan(text, 0, 34, 1, 1, query.Lets[0].Span);
        Assert.Equal("q", query.Lets[1].Name);
        AssertSpan(text, 47, 15, 3, 1, query.Lets[1].Span);
        Assert.Equal("let q = 2023Q2;", Slice(text, query.Lets[1].Span));
        AssertSpan(text, 55, 6, 3, 9, query.Lets[1].Value.Span);

        var body = Assert.IsType<BinaryExpr>(query.Body);
        AssertSpan(text, 65, 15, 4, 3, body.Span);
        var index = Assert.IsType<IndexExpr>(body.Left);
        AssertSpan(text, 65, 9, 4, 3, index.Span);
        AssertSpan(text, 72, 1, 4, 10, index.Index.Span);
        AssertSpan(text, 77, 3, 4, 15, body.Right.Span);
        AssertSpan(text, 0, text.Length, 1, 1, query.Span);
    }

    [Fact]
    public void Spans_cover_the_source_of_each_node()
    {
        const string text = "(a + b) * -c[2023Q2..] + f(x, 1)";
        var body = (BinaryExpr)ParseExpr(text);
        Assert.Equal(text, Slice(text, body.Span));
        var product = (BinaryExpr)body.Left;
        Assert.Equal("(a + b) * -c[2023Q2..]", Slice(text, product.Span));
        Assert.Equal("a + b", Slice(text, product.Left.Span));
        Assert.Equal("-c[2023Q2..]", Slice(text, product.Right.Span));
        Assert.Equal("c[2023Q2..]", Slice(text, ((UnaryExpr)product.Right).Operand.Span));
        var call = (CallExpr)body.Right;
        Assert.Equal("f(x, 1)", Slice(text, call.Span));
        AssertSpan(text, 25, 1, 1, 26, call.NameSpan);
        Assert.Equal("1", Slice(text, call.Args[1].Span));
    }

    [Fact]
    public void The_query_span_leaves_out_surrounding_whitespace_and_comments()
    {
        const string text = "  # lead\n  x + 1  # trail\n";
        var query = ParseQuery(text);
        AssertSpan(text, 11, 5, 2, 3, query.Span);
    }

    [Fact]
    public void Keywords_are_not_names_but_may_start_names()
    {
        Assert.Equal("(and andy notes)", Sexp("andy and notes"));
        Assert.Equal("(or ore true)", Sexp("ore or true"));
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var limits = ParserLimits.Default;
        Assert.Equal("1", Sexp(QueryParser.Parse(Repeat("(", 64) + "1" + Repeat(")", 64), limits).Body));
        QueryParser.Parse(Repeat("-", 64) + "1", limits);
        QueryParser.Parse(Repeat("not ", 64) + "x", limits);
        QueryParser.Parse("1" + Repeat(" + 1", 64), limits);
        QueryParser.Parse("x" + Repeat("[1]", 64), limits);
        QueryParser.Parse(Repeat("f(", 64) + "1" + Repeat(")", 64), limits);
        QueryParser.Parse(Repeat("2 ^ ", 64) + "2", limits);
    }

    [Fact]
    public void A_stack_too_small_for_the_depth_limit_fails_cleanly()
    {
        var text = Repeat("(", 5000) + "1" + Repeat(")", 5000);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { QueryParser.Parse(text, new ParserLimits(MaxLength: int.MaxValue, MaxDepth: 100_000)); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        var e = Assert.IsType<FinQueryException>(failure);
        Assert.Equal("query nests too deeply for the available stack", e.Message);
    }

    [Fact]
    public void Up_to_max_lets_parse()
    {
        var text = string.Concat(Enumerable.Range(0, 256).Select(i => $"let x{i} = {i}; ")) + "x255";
        Assert.Equal(256, ParseQuery(text).Lets.Count);
    }

    [Fact]
    public void Deep_nesting_within_the_limit_fits_a_small_stack()
    {
        // 60 levels through every recursive construct, on a thread with Windows' default 1 MB stack.
        var text = Repeat("(-f(x[not (", 10) + "1" + Repeat(")]))", 10);
        Exception? failure = null;
        QuerySyntax? result = null;
        var thread = new Thread(() =>
        {
            try { result = QueryParser.Parse(text, ParserLimits.Default); }
            catch (Exception e) { failure = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.NotNull(result);
    }
}
