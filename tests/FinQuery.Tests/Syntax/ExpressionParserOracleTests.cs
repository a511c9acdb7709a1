using FinQuery.Syntax;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FinQuery.Tests.Syntax;

/// <summary>Text that stacks the constructs of an operand (minus, <c>^</c>, indexes, calls, parentheses) around an atom, sometimes broken.</summary>
public sealed class OperandStack
{
    public OperandStack(string text) => Text = text;
    public string Text { get; }
    public override string ToString() => Text;
}

/// <summary>Generators of text aimed at the operand grammar: its nesting, its depth limit and its errors.</summary>
public static class OperandArbitraries
{
    // What opens a level of an operand, and what closes it again.
    private static readonly (string Open, string Close)[] Layers =
    [
        ("-", ""), ("- ", ""), ("(", ")"), ("f(", ")"), ("g(a, ", ", 2023Q2)"), ("x[", "]"), ("(y)[", "]"), ("2 ^ ", ""),
        ("-2^", ""), ("z[2023Q2] ^ ", ""), ("not ", ""), ("h(", ")[2023]"), ("(", ")^-1"), ("a[b[", "]]"), ("-(", ")"),
    ];

    private static readonly string[] Atoms = ["x", "1", "2023Q2", "2021..2023", "true", "META.revenue", "f()", "y[1][2]", "-3", "2^-2^3"];

    // Tokens that break a stack somewhere: a missing or extra closer, an operator without an operand, a bad character.
    private static readonly string[] Breaks = ["", "", "", "", ")", "]", "(", "[", ",", "^", "-", "*", "+ ", "@", "not", "= 1 = 2", "META.f(", "; 1"];

    private static readonly Gen<string> Stack =
        from layers in Gen.Choose(0, 10).SelectMany(n => Gen.ArrayOf(Gen.Elements(Layers), n))
        from atom in Gen.Elements(Atoms)
        from brk in Gen.Elements(Breaks)
        from at in Gen.Choose(0, 2 * layers.Length + 1)
        from tail in Gen.Elements("", "", " + 1", " * -x[1]", " ^ 2", "[2023]", " and not b", " < 3", ")")
        select Build(layers, atom, brk, at) + tail;

    private static string Build((string Open, string Close)[] layers, string atom, string brk, int at)
    {
        var parts = new List<string>();
        foreach (var (open, _) in layers) parts.Add(open);
        parts.Add(atom);
        for (int i = layers.Length - 1; i >= 0; i--) parts.Add(layers[i].Close);
        parts.Insert(Math.Min(at, parts.Count), brk);
        return string.Concat(parts);
    }

    public static Arbitrary<OperandStack> Stacks() => Arb.From(Stack.Select(s => new OperandStack(s)));
}

/// <summary>
/// <see cref="ExpressionParser"/> (the operand in one method: unary minus, <c>^</c>, indexing and the atoms) against
/// the grammar written one Sprache parser per level (<see cref="ReferenceGrammar"/>): on any text, the same tree
/// with the same spans, or the same error at the same place, under limits tight enough to hit the depth limit at
/// every construct.
/// </summary>
[Properties(Arbitrary = [typeof(OperandArbitraries), typeof(SyntaxArbitraries)], MaxTest = 400)]
public class ExpressionParserOracleTests
{
    private static readonly ParserLimits[] Limits =
    [
        new(MaxLength: int.MaxValue),
        new(MaxLength: int.MaxValue, MaxDepth: 1),
        new(MaxLength: int.MaxValue, MaxDepth: 2),
        new(MaxLength: int.MaxValue, MaxDepth: 4),
        new(MaxLength: int.MaxValue, MaxDepth: 7),
    ];

    [Property]
    public void Operand_stacks_parse_the_same(OperandStack stack) => Same(stack.Text);

    [Property(MaxTest = 150)]
    public void Printed_trees_parse_the_same(ExprSample sample) => Same(AstPrinter.Print(sample.Expr));

    [Theory]
    [InlineData("-x")]
    [InlineData("--x[1]^-2^3")]
    [InlineData("-2^2")]
    [InlineData("2^-1")]
    [InlineData("x[1][2][3]")]
    [InlineData("f(x)[2023Q2] ^ (y)[1]")]
    [InlineData("- - - - 1")]
    [InlineData("-")]
    [InlineData("x[")]
    [InlineData("x[1")]
    [InlineData("x[1)")]
    [InlineData("2 ^")]
    [InlineData("2 ^ ^ 3")]
    [InlineData("f(")]
    [InlineData("f(1")]
    [InlineData("f(1,")]
    [InlineData("f(,)")]
    [InlineData("META.f(1)")]
    [InlineData("(1")]
    [InlineData("()")]
    [InlineData("-@")]
    [InlineData("x[2023Q5]")]
    [InlineData("revenue[2023Q2] / revenue[2022Q2] - 1")]
    public void Examples_parse_the_same(string text) => Same(text);

    private static void Same(string text)
    {
        foreach (var limits in Limits)
        {
            string expected = Outcome(() => ReferenceGrammar.Parse(text, limits)), actual = Outcome(() => QueryParser.Parse(text, limits));
            Assert.True(expected == actual, $"{text} with MaxDepth {limits.MaxDepth}:\n  reference: {expected}\n  parser:    {actual}");
        }
    }

    /// <summary>The canonical text of the tree (which fixes its shape) and every node's span in preorder, or the error.</summary>
    private static string Outcome(Func<QuerySyntax> parse)
    {
        try
        {
            var q = parse();
            var spans = q.Lets.SelectMany(l => Spans(l.Value).Prepend(l.Span.ToString())).Concat(Spans(q.Body)).Append(q.Span.ToString());
            return AstPrinter.Print(q) + " | " + string.Join(" ", spans);
        }
        catch (FinQueryException e)
        {
            return $"error at {e.Line}:{e.Column} ({e.Start}, {e.Length}): {e.Message}";
        }
    }

    private static IEnumerable<string> Spans(Expr e)
    {
        yield return e is CallExpr call ? $"{call.Span}/{call.NameSpan}" : e.Span.ToString();
        IEnumerable<Expr> children = e switch
        {
            UnaryExpr u => [u.Operand],
            BinaryExpr b => [b.Left, b.Right],
            IndexExpr ix => [ix.Target, ix.Index],
            CallExpr c => c.Args,
            _ => [],
        };
        foreach (var child in children)
            foreach (var span in Spans(child))
                yield return span;
    }
}
