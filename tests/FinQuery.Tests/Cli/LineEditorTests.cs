using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary>The line editor driven key by key through <see cref="FakeTerminal"/>; assertions are on what the screen shows.</summary>
public class LineEditorTests
{
    private static (List<string?> Lines, FakeTerminal Terminal) Read(FakeTerminal t, History? history = null,
        Func<string, int, Completion>? complete = null, int lines = 1)
    {
        var reader = new LineReader(t, history ?? new History(null), complete);
        var read = new List<string?>();
        for (int i = 0; i < lines; i++) read.Add(reader.ReadLine());
        return (read, t);
    }

    private static string? ReadOne(FakeTerminal t, History? history = null, Func<string, int, Completion>? complete = null) =>
        Read(t, history, complete).Lines[0];

    [Fact]
    public void Typing_and_enter_return_the_line()
    {
        var t = new FakeTerminal(80).Type("yoy(revenue, 2023Q2)").Enter();
        Assert.Equal("yoy(revenue, 2023Q2)", ReadOne(t));
        Assert.Equal(["finq> yoy(revenue, 2023Q2)"], t.Screen);
        Assert.Equal((1, 0), t.Cursor);
    }

    [Fact]
    public void Ctrl_A_E_B_F_move_the_cursor()
    {
        var t = new FakeTerminal(80).Type("bd").Ctrl('a').Type("a").Ctrl('f').Type("c").Ctrl('e').Type("f").Ctrl('b').Type("e").Enter();
        Assert.Equal("abcdef", ReadOne(t));
    }

    [Fact]
    public void Home_End_and_arrows_move_too()
    {
        var t = new FakeTerminal(80).Type("bd").Key(ConsoleKey.Home).Type("a").Key(ConsoleKey.RightArrow).Type("c")
            .Key(ConsoleKey.End).Type("f").Key(ConsoleKey.LeftArrow).Type("e").Enter();
        Assert.Equal("abcdef", ReadOne(t));
    }

    [Fact]
    public void Ctrl_W_kills_the_word_before_the_cursor_and_Ctrl_Y_yanks_it()
    {
        var t = new FakeTerminal(80).Type("yoy(revenue, 2023Q2)").Ctrl('w').Ctrl('a').Ctrl('y').Enter();
        Assert.Equal("2023Q2)yoy(revenue, ", ReadOne(t));
    }

    [Fact]
    public void Ctrl_K_kills_to_the_end_and_Ctrl_U_to_the_start()
    {
        var t = new FakeTerminal(80).Type("revenue[2023Q2] + 1").Ctrl('a');
        for (int i = 0; i < 7; i++) t.Ctrl('f');
        t.Ctrl('k').Type("[2022Q2]").Enter();
        Assert.Equal("revenue[2022Q2]", ReadOne(t));

        t = new FakeTerminal(80).Type("garbage yoy(x)");
        for (int i = 0; i < 6; i++) t.Ctrl('b');
        t.Ctrl('u').Enter();
        Assert.Equal("yoy(x)", ReadOne(t));
    }

    [Fact]
    public void Alt_B_and_Alt_F_move_by_word()
    {
        var t = new FakeTerminal(80).Type("sum(revenue, 2021)").Alt('b').Alt('b').Type("x").Alt('f').Type("y").Enter();
        Assert.Equal("sum(xrevenuey, 2021)", ReadOne(t));
    }

    [Fact]
    public void Escape_then_a_letter_counts_as_Alt()
    {
        var t = new FakeTerminal(80).Type("ab cd").Key(ConsoleKey.Escape, '\u001b').Type("b").Type("X").Enter();
        Assert.Equal("ab Xcd", ReadOne(t));
    }

    [Fact]
    public void Backspace_and_delete_remove_characters()
    {
        var t = new FakeTerminal(80).Type("abcd").Backspace().Key(ConsoleKey.LeftArrow).Key(ConsoleKey.Delete).Enter();
        Assert.Equal("ab", ReadOne(t));
    }

    [Fact]
    public void Ctrl_C_abandons_the_line_and_keeps_reading()
    {
        var t = new FakeTerminal(80).Type("half typed").Ctrl('c').Type("1 + 1").Enter();
        Assert.Equal("1 + 1", ReadOne(t));
        Assert.Equal(["finq> half typed^C", "finq> 1 + 1"], t.Screen);
    }

    [Fact]
    public void Ctrl_D_on_an_empty_line_ends_input_and_elsewhere_deletes()
    {
        Assert.Null(ReadOne(new FakeTerminal(80).Ctrl('d')));
        var t = new FakeTerminal(80).Type("abc").Ctrl('a').Ctrl('d').Enter();
        Assert.Equal("bc", ReadOne(t));
        Assert.Null(ReadOne(new FakeTerminal(80).Type("unfinished"))); // input ends mid-line
    }

    [Fact]
    public void Ctrl_L_clears_the_screen_and_redraws_the_line()
    {
        var t = new FakeTerminal(40);
        t.Write("earlier output\r\nmore\r\n");
        t.Type("abc").Ctrl('l').Type("d").Enter();
        Assert.Equal("abcd", ReadOne(t));
        Assert.Equal(["finq> abcd"], t.Screen);
    }

    [Fact]
    public void A_line_wider_than_the_terminal_wraps_without_stale_rows()
    {
        string text = "sum(reality_labs_operating_income, 2021..2023Q2) / revenue[2023Q2]"; // 66 characters
        var t = new FakeTerminal(20).Type(text).Ctrl('a').Type("-").Ctrl('e').Backspace().Type("]");
        for (int i = 0; i < 30; i++) t.Key(ConsoleKey.LeftArrow);
        t.Type("X").Backspace();
        var line = ReadOne(t.Enter());
        Assert.Equal("-" + text, line);
        string shown = "finq> -" + text;
        var expected = Enumerable.Range(0, (shown.Length + 19) / 20).Select(i => shown.Substring(i * 20, Math.Min(20, shown.Length - i * 20)).TrimEnd()).ToList();
        Assert.Equal(expected, t.Screen);
    }

    [Fact]
    public void A_line_ending_exactly_at_the_margin_keeps_the_cursor_in_place()
    {
        // "finq> " + 14 characters = 20 columns: exactly one row.
        var t = new FakeTerminal(20).Type("abcdefghijklmn");
        var reader = new LineReader(t, new History(null));
        t.Ctrl('b').Type("X").Ctrl('e').Type("o").Enter();
        Assert.Equal("abcdefghijklmXno", reader.ReadLine());
        Assert.Equal(["finq> abcdefghijklmX", "no"], t.Screen);
        Assert.Equal((2, 0), t.Cursor);
    }

    [Fact]
    public void After_a_resize_the_line_is_drawn_once_at_the_new_width()
    {
        string text = new string('a', 30) + new string('b', 30);
        var t = new FakeTerminal(40).Type(text).Resize(25).Type("c").Ctrl('a').Type("d").Enter();
        Assert.Equal("d" + text + "c", ReadOne(t));
        string shown = "finq> d" + text + "c";
        var expected = Enumerable.Range(0, (shown.Length + 24) / 25).Select(i => shown.Substring(i * 25, Math.Min(25, shown.Length - i * 25))).ToList();
        Assert.Equal(expected, t.Screen);
    }

    [Fact]
    public void A_resize_after_a_line_that_ended_at_the_margin_redraws_once()
    {
        // "finq> " + 9 characters = 15 columns = three rows of 5; the cursor waits on the fourth.
        var t = new FakeTerminal(5).Type("aaaaaaaaa").Resize(4).Type("b").Enter();
        Assert.Equal("aaaaaaaaab", ReadOne(t));
        Assert.Equal(["finq", "> aa", "aaaa", "aaab"], t.Screen);
    }

    [Fact]
    public void Growing_the_terminal_also_redraws_once()
    {
        string text = new string('x', 50);
        var t = new FakeTerminal(20).Type(text).Resize(70).Type("y").Enter();
        Assert.Equal(text + "y", ReadOne(t));
        Assert.Equal(["finq> " + text + "y"], t.Screen);
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_keep_the_draft()
    {
        var history = new History(null);
        history.Add("first");
        history.Add("second");
        var t = new FakeTerminal(80).Type("draft").Key(ConsoleKey.UpArrow).Key(ConsoleKey.UpArrow).Key(ConsoleKey.UpArrow)
            .Key(ConsoleKey.DownArrow).Enter()
            .Key(ConsoleKey.UpArrow).Key(ConsoleKey.DownArrow).Enter()
            .Type("dra").Ctrl('p').Ctrl('n').Type("ft").Enter();
        var (lines, _) = Read(t, history, lines: 3);
        Assert.Equal(["second", "", "draft"], lines);
    }

    [Fact]
    public void Ctrl_R_searches_backwards_through_the_history()
    {
        var history = new History(null);
        foreach (var h in new[] { "revenue[2023Q2]", "yoy(revenue, 2023Q2)", "eps_diluted[2023Q2]" }) history.Add(h);
        var t = new FakeTerminal(80).Ctrl('r').Type("rev");
        var reader = new LineReader(t, history);
        t.Ctrl('r').Enter();
        Assert.Equal("revenue[2023Q2]", reader.ReadLine());
        Assert.Contains("(reverse-i-search)`rev': revenue[2023Q2]", t.Output.ToString());
    }

    [Fact]
    public void Ctrl_R_shows_a_failed_search_and_Ctrl_G_restores_the_line()
    {
        var history = new History(null);
        history.Add("revenue[2023Q2]");
        var t = new FakeTerminal(80).Type("mine").Ctrl('r').Type("zzz").Ctrl('g').Type("!").Enter();
        Assert.Equal("mine!", ReadOne(t, history));
        Assert.Contains("(failed reverse-i-search)`zzz': ", t.Output.ToString());
    }

    [Fact]
    public void Ctrl_R_then_an_editing_key_accepts_the_match_for_editing()
    {
        var history = new History(null);
        history.Add("yoy(revenue, 2023Q2)");
        var t = new FakeTerminal(80).Ctrl('r').Type("yoy").Ctrl('e').Backspace().Backspace().Backspace().Type("Q1)").Enter();
        Assert.Equal("yoy(revenue, 2023Q1)", ReadOne(t, history));
        Assert.Equal(["finq> yoy(revenue, 2023Q1)"], t.Screen);
    }

    private static Completion Words(string text, int cursor, params string[] words)
    {
        int start = cursor;
        while (start > 0 && char.IsLetterOrDigit(text[start - 1]) || start > 0 && text[start - 1] == '_') start--;
        string prefix = text[start..cursor];
        return new Completion(start, words.Where(w => w.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList());
    }

    [Fact]
    public void Tab_completes_a_unique_name()
    {
        var t = new FakeTerminal(80).Type("yoy(rev").Tab().Type(", 2023Q2)").Enter();
        Assert.Equal("yoy(revenue, 2023Q2)", ReadOne(t, complete: (s, c) => Words(s, c, "revenue", "eps")));
    }

    [Fact]
    public void Tab_inserts_the_common_prefix_then_lists_the_candidates()
    {
        var words = new[] { "reality_labs_revenue", "reality_labs_operating_income", "revenue" };
        var t = new FakeTerminal(80).Type("rea").Tab().Tab().Type("r").Tab().Enter();
        Assert.Equal("reality_labs_revenue", ReadOne(t, complete: (s, c) => Words(s, c, words)));
        var screen = t.Screen;
        Assert.Equal("finq> reality_labs_", screen[0]);
        Assert.Matches(@"^reality_labs_revenue +reality_labs_operating_income$", screen[1]);
        Assert.Equal("finq> reality_labs_revenue", screen[2]);
    }

    [Fact]
    public void Tab_without_candidates_changes_nothing()
    {
        var t = new FakeTerminal(80).Type("xyz").Tab().Enter();
        Assert.Equal("xyz", ReadOne(t, complete: (s, c) => Words(s, c, "revenue")));
        Assert.Equal(["finq> xyz"], t.Screen);
    }
}
