using FsCheck;
using FsCheck.Xunit;
using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary>
/// Laws of the editor over random key sequences and widths (resizes included): the line returned is what a
/// plain string model of the same keys gives, and the screen shows prompt and line wrapped at the final width,
/// once, with nothing stale around it.
/// </summary>
public class LineEditorProperties
{
    [Property(MaxTest = 200)]
    public bool Screen_always_shows_exactly_the_line(int[] ops, PositiveInt width)
    {
        int w = 4 + width.Get % 40;
        var t = new FakeTerminal(w);
        var model = new System.Text.StringBuilder();
        int cursor = 0;
        foreach (int raw in ops)
        {
            int op = Math.Abs(raw % 12);
            switch (op)
            {
                case 0 or 1 or 2 or 3:
                    char c = (char)('a' + Math.Abs(raw / 12 % 26));
                    t.Type(c.ToString());
                    model.Insert(cursor++, c);
                    break;
                case 4: t.Key(ConsoleKey.LeftArrow); cursor = Math.Max(0, cursor - 1); break;
                case 5: t.Key(ConsoleKey.RightArrow); cursor = Math.Min(model.Length, cursor + 1); break;
                case 6: t.Ctrl('a'); cursor = 0; break;
                case 7: t.Ctrl('e'); cursor = model.Length; break;
                case 8:
                    t.Backspace();
                    if (cursor > 0) model.Remove(--cursor, 1);
                    break;
                case 9:
                    t.Ctrl('k');
                    model.Length = cursor;
                    break;
                case 10:
                    t.Type("     ");
                    model.Insert(cursor, "     ");
                    cursor += 5;
                    break;
                default:
                    w = 4 + Math.Abs(raw / 12 % 40);
                    t.Resize(w);
                    break;
            }
        }
        t.Enter();
        string? line = new LineReader(t, new History(null)).ReadLine();
        string shown = "finq> " + model;
        var expected = Enumerable.Range(0, (shown.Length + w - 1) / w)
            .Select(i => shown.Substring(i * w, Math.Min(w, shown.Length - i * w)).TrimEnd()).ToList();
        while (expected.Count > 0 && expected[^1].Length == 0) expected.RemoveAt(expected.Count - 1);
        return line == model.ToString() && t.Screen.SequenceEqual(expected);
    }
}
