using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary>Cases the editor's screen property once found: a line shrunk onto a narrow terminal.</summary>
public class LineEditorResizeRegressionTests
{
    private static List<string> Wrapped(string shown, int w) =>
        Enumerable.Range(0, (shown.Length + w - 1) / w).Select(i => shown.Substring(i * w, Math.Min(w, shown.Length - i * w))).ToList();

    [Fact]
    public void One_character_at_the_margin_then_shrunk_to_four_columns()
    {
        // "finq> a" fills a 7-column row exactly; the editor then moved to the next row with a newline.
        var t = new FakeTerminal(7).Type("a").Resize(4).Enter();
        Assert.Equal("a", new LineReader(t, new History(null)).ReadLine());
        Assert.Equal(["finq", "> a"], t.Screen);
    }

    [Theory]
    [InlineData(5), InlineData(6), InlineData(7), InlineData(8), InlineData(9), InlineData(10), InlineData(11), InlineData(12),
     InlineData(13), InlineData(14), InlineData(15), InlineData(20), InlineData(23), InlineData(29), InlineData(30)]
    public void A_23_character_line_shrunk_to_four_columns(int from)
    {
        string text = "abcdefghijklmnopqrstuvw";
        var t = new FakeTerminal(from).Type(text).Resize(4).Enter();
        Assert.Equal(text, new LineReader(t, new History(null)).ReadLine());
        Assert.Equal(Wrapped("finq> " + text, 4), t.Screen);
    }
}
