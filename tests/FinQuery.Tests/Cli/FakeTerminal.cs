using System.Text;
using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary>
/// A scripted terminal for editor tests: keys (and resizes) from a script, and a small screen emulator that
/// applies what the editor writes (printable text with auto-wrap and the pending-wrap column, <c>\r</c>,
/// <c>\n</c>, CSI A/B/C/D/K/J/H/2J), so tests can assert what a user would see. A resize re-wraps soft-wrapped
/// rows, as most terminals do. An escape sequence it does not know fails the test.
/// </summary>
internal sealed class FakeTerminal(int width) : ITerminal
{
    private readonly Queue<object> _script = new();
    private readonly List<char[]> _rows = [];
    private readonly List<bool> _wrapped = [];   // row i continues on row i + 1 (soft wrap)
    private int _row, _col;
    private bool _pendingWrap;

    public int Width { get; private set; } = width;

    public StringBuilder Output { get; } = new();

    public FakeTerminal Type(string text)
    {
        foreach (char c in text) _script.Enqueue(new ConsoleKeyInfo(c, KeyOf(c), char.IsUpper(c), false, false));
        return this;
    }

    public FakeTerminal Key(ConsoleKey key, char ch = '\0', bool ctrl = false, bool alt = false, bool shift = false)
    {
        _script.Enqueue(new ConsoleKeyInfo(ch, key, shift, alt, ctrl));
        return this;
    }

    /// <summary>Ctrl plus a letter, as .NET reports it on Unix: the control character with the Control modifier.</summary>
    public FakeTerminal Ctrl(char letter) =>
        Key(ConsoleKey.A + (char.ToUpperInvariant(letter) - 'A'), (char)(char.ToUpperInvariant(letter) - 'A' + 1), ctrl: true);

    public FakeTerminal Alt(char letter) => Key(ConsoleKey.A + (char.ToUpperInvariant(letter) - 'A'), letter, alt: true);

    public FakeTerminal Enter() => Key(ConsoleKey.Enter, '\r');

    public FakeTerminal Tab() => Key(ConsoleKey.Tab, '\t');

    public FakeTerminal Backspace() => Key(ConsoleKey.Backspace, '\b');

    public FakeTerminal Resize(int newWidth)
    {
        _script.Enqueue(newWidth);
        return this;
    }

    private static ConsoleKey KeyOf(char c) => c switch
    {
        >= 'a' and <= 'z' => ConsoleKey.A + (c - 'a'),
        >= 'A' and <= 'Z' => ConsoleKey.A + (c - 'A'),
        >= '0' and <= '9' => ConsoleKey.D0 + (c - '0'),
        ' ' => ConsoleKey.Spacebar,
        _ => ConsoleKey.Oem1,
    };

    public ConsoleKeyInfo? ReadKey(TimeSpan? timeout)
    {
        if (_script.Count == 0)
        {
            if (timeout is { } t && t < TimeSpan.FromMilliseconds(100)) return null; // the editor's wait after Escape
            throw new EndOfStreamException();
        }
        if (_script.Peek() is int w)
        {
            if (timeout is { } t && t < TimeSpan.FromMilliseconds(100)) return null;
            _script.Dequeue();
            Reflow(w);
            return null;
        }
        return (ConsoleKeyInfo)_script.Dequeue();
    }

    /// <summary>The screen rows, trailing blanks removed; trailing empty rows dropped.</summary>
    public List<string> Screen
    {
        get
        {
            var rows = _rows.Select(r => new string(r).Replace('\0', ' ').TrimEnd()).ToList();
            while (rows.Count > 0 && rows[^1].Length == 0) rows.RemoveAt(rows.Count - 1);
            return rows;
        }
    }

    public (int Row, int Column) Cursor => (_row, _col);

    public void Write(string text)
    {
        Output.Append(text);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\r':
                    _col = 0;
                    _pendingWrap = false;
                    break;
                case '\n':
                    _row++;
                    _pendingWrap = false;
                    Ensure(_row);
                    break;
                case '\u001b':
                    i = Escape(text, i);
                    break;
                default:
                    if (char.IsControl(c)) throw new InvalidOperationException($"the editor wrote control character U+{(int)c:X4}");
                    Put(c);
                    break;
            }
        }
    }

    private void Put(char c)
    {
        if (_pendingWrap)
        {
            Ensure(_row);
            _wrapped[_row] = true;
            _row++;
            _col = 0;
            _pendingWrap = false;
        }
        Ensure(_row);
        _rows[_row][_col] = c;
        if (_col == Width - 1) _pendingWrap = true;
        else _col++;
    }

    private int Escape(string text, int i)
    {
        if (i + 1 >= text.Length || text[i + 1] != '[') throw new InvalidOperationException("escape without '['");
        int j = i + 2;
        while (j < text.Length && (char.IsDigit(text[j]) || text[j] == ';')) j++;
        if (j >= text.Length) throw new InvalidOperationException("unterminated escape sequence");
        string arg = text[(i + 2)..j];
        int n = arg.Length == 0 ? 1 : int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture);
        _pendingWrap = false;
        switch (text[j])
        {
            case 'A': _row = Math.Max(0, _row - n); break;
            case 'B': _row += n; Ensure(_row); break;
            case 'C': _col = Math.Min(Width - 1, _col + n); break;
            case 'D': _col = Math.Max(0, _col - n); break;
            case 'K':
                Ensure(_row);
                Array.Fill(_rows[_row], '\0', _col, Width - _col);
                _wrapped[_row] = false;
                break;
            case 'J' when arg == "2":
                _rows.Clear();
                _wrapped.Clear();
                break;
            case 'J':
                Ensure(_row);
                Array.Fill(_rows[_row], '\0', _col, Width - _col);
                _wrapped[_row] = false;
                _rows.RemoveRange(_row + 1, _rows.Count - _row - 1);
                _wrapped.RemoveRange(_row + 1, _wrapped.Count - _row - 1);
                break;
            case 'H': _row = 0; _col = 0; break;
            default: throw new InvalidOperationException($"unknown escape sequence ESC[{arg}{text[j]}");
        }
        return j;
    }

    private void Ensure(int row)
    {
        while (_rows.Count <= row)
        {
            _rows.Add(new char[Width]);
            _wrapped.Add(false);
        }
    }

    /// <summary>A new width: soft-wrapped rows join into lines again and wrap at the new width; the cursor keeps its place in its line.</summary>
    private void Reflow(int newWidth)
    {
        var lines = new List<StringBuilder>();
        int cursorLine = 0, cursorOffset = 0;
        var current = new StringBuilder();
        for (int r = 0; r < _rows.Count; r++)
        {
            string row = new string(_rows[r]).Replace('\0', ' ');
            if (r == _row)
            {
                cursorLine = lines.Count;
                cursorOffset = current.Length + _col + (_pendingWrap ? 1 : 0);
            }
            if (_wrapped[r])
            {
                current.Append(row);
                continue;
            }
            current.Append(row.TrimEnd());
            lines.Add(current);
            current = new StringBuilder();
        }
        if (_row >= _rows.Count) cursorLine = lines.Count;
        Width = newWidth;
        _rows.Clear();
        _wrapped.Clear();
        _row = _col = 0;
        _pendingWrap = false;
        int targetRow = 0, targetCol = 0;
        for (int l = 0; l < lines.Count; l++)
        {
            string line = lines[l].ToString();
            int start = _rows.Count;
            int count = Math.Max(1, (line.Length + newWidth - 1) / newWidth);
            for (int k = 0; k < count; k++)
            {
                _rows.Add(new char[newWidth]);
                _wrapped.Add(k < count - 1);
                var piece = line.Substring(k * newWidth, Math.Min(newWidth, line.Length - k * newWidth));
                piece.CopyTo(0, _rows[^1], 0, piece.Length);
            }
            if (l == cursorLine)
            {
                targetRow = start + Math.Min(cursorOffset / newWidth, count);
                targetCol = cursorOffset % newWidth;
            }
        }
        if (cursorLine >= lines.Count) targetRow = _rows.Count;
        _row = targetRow;
        _col = targetCol;
        Ensure(_row);
    }
}
