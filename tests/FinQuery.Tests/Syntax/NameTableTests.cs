using FinQuery.Syntax;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FinQuery.Tests.Syntax.SyntaxTestHelpers;

namespace FinQuery.Tests.Syntax;

/// <summary>The lexer's table of recent names: a recurring name is one string, and a name is always its own text.</summary>
public class NameTableTests
{
    private static IEnumerable<NameRef> Names(Expr e) => e switch
    {
        NameRef n => [n],
        BinaryExpr b => Names(b.Left).Concat(Names(b.Right)),
        IndexExpr ix => Names(ix.Target).Concat(Names(ix.Index)),
        CallExpr c => c.Args.SelectMany(Names),
        UnaryExpr u => Names(u.Operand),
        _ => [],
    };

    [Fact]
    public void A_recurring_name_is_one_string()
    {
        var names = Names(ParseExpr("revenue[2023Q2] / revenue[2022Q2] - META.revenue[2023]")).ToList();
        Assert.Equal(3, names.Count);
        Assert.Same(names[0].Name, names[1].Name);
        Assert.Same(names[0].Name, names[2].Name);
        Assert.Equal("META", names[2].Entity);
        // From one parse to the next on a thread too.
        Assert.Same(names[0].Name, ((NameRef)ParseExpr("revenue")).Name);
    }

    [Fact]
    public void Long_names_and_names_that_share_a_slot_keep_their_text()
    {
        string longName = "n" + new string('x', 200);
        Assert.Equal(longName, ((NameRef)ParseExpr(longName)).Name);
        // Same length, first and last character: the same slot of the table.
        var names = Names(ParseExpr("abxc + abyc + abxc + a_zc")).Select(n => n.Name).ToList();
        Assert.Equal(["abxc", "abyc", "abxc", "a_zc"], names);
    }

    [Property(MaxTest = 200)]
    public void Every_name_reads_as_written(NonEmptyArray<byte> picks)
    {
        // Names drawn from a few that collide in the table, in any order.
        string[] pool = ["ab", "ba", "aab", "abb", "a_b", "a0b", "revenue", "Revenue", "REVENUE", "eps", "x", "y"];
        // At most 40: a longer sum nests deeper than the default limit.
        var written = picks.Get.Take(40).Select(p => pool[p % pool.Length]).ToList();
        var read = Names(ParseExpr(string.Join(" + ", written))).Select(n => n.Name).ToList();
        Assert.Equal(written, read);
    }
}
