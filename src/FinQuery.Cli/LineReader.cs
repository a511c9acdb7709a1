using System.Text;

namespace FinQuery.Cli;

/// <summary>What Tab may insert: candidates for the text from <see cref="Start"/> to the cursor.</summary>
internal readonly record struct Completion(int Start, IReadOnlyList<string> Candidates)
{
    public static Completion None => new(0, []);
}

/// <summary>
/// A small Emacs-style line editor over an <see cref="ITerminal"/>: Ctrl-A/E (or Home/End), Ctrl-B/F (or the
/// arrows), Alt-B/F (or Ctrl-arrows) by word, Ctrl-K/U/W kill to the end, to the start and the word before
/// the cursor, Ctrl-Y yank, Backspace/Delete, Ctrl-D delete (on an empty line: end of input), Up/Down or
/// Ctrl-P/N through history, Ctrl-R reverse search, Tab completion (a list when ambiguous), Ctrl-L clear
/// screen, Ctrl-C abandon the line.
/// </summary>
/// <remarks>
/// Written here because the only line-editing package served to this project, RadLine 0.6.0, is built
/// against Spectre.Console 0.43 and does not link with the Spectre.Console 0.57 we use for tables.
/// A line wider than the terminal wraps over several rows; every redraw goes back to the first row, clears
/// to the end of the screen and writes prompt and text again, so no stale rows remain. After a resize it
/// assumes the terminal re-wrapped the rows (as most terminals do). Every character counts one column.
/// </remarks>
internal sealed class LineReader(ITerminal terminal, History history, Func<string, int, Completion>? complete = null)
{
    private static readonly TimeSpan ResizePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan EscapeWait = TimeSpan.FromMilliseconds(50);

    private readonly StringBuilder _text = new();
    private int _cursor;
    private int _cursorRow;     // the row of the cursor, counted from the first row of the prompt
    private int _width;
    private string _killed = "";
    private string _shownPrompt = "";
    private bool _newlineAtEnd;  // the last render ended exactly at the margin and wrote "\r\n"

    // history browsing
    private int _historyIndex;
    private string _draft = "";

    // reverse search
    private bool _searching;
    private bool _searchFailed;
    private readonly StringBuilder _search = new();
    private int _searchIndex;

    public string Prompt { get; set; } = "finq> ";

    /// <summary>The line typed, or null at the end of input (Ctrl-D on an empty line).</summary>
    public string? ReadLine()
    {
        _text.Clear();
        _cursor = 0;
        _cursorRow = 0;
        _historyIndex = history.Entries.Count;
        _draft = "";
        _searching = false;
        _width = Math.Max(1, terminal.Width);
        Render();
        while (true)
        {
            ConsoleKeyInfo key;
            try
            {
                var next = terminal.ReadKey(ResizePoll);
                if (next is null)
                {
                    if (Math.Max(1, terminal.Width) != _width) Resized();
                    continue;
                }
                key = next.Value;
                if (key.Key == ConsoleKey.Escape && key.Modifiers == 0 && terminal.ReadKey(EscapeWait) is { } after)
                    key = new ConsoleKeyInfo(after.KeyChar, after.Key, shift: false, alt: true, control: false);
            }
            catch (EndOfStreamException)
            {
                Finish("");
                return null;
            }
            if (Math.Max(1, terminal.Width) != _width) Resized();
            var outcome = _searching ? Search(key) : Edit(key);
            if (outcome is Outcome.Done)
            {
                string line = _text.ToString();
                Finish("");
                history.Add(line);
                return line;
            }
            if (outcome is Outcome.EndOfInput)
            {
                Finish("");
                return null;
            }
            Render();
        }
    }

    private enum Outcome { Continue, Done, EndOfInput }

    private Outcome Edit(ConsoleKeyInfo key)
    {
        bool ctrl = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        bool alt = key.Modifiers.HasFlag(ConsoleModifiers.Alt);
        char ch = key.KeyChar;
        // Control characters arrive with or without ConsoleModifiers.Control depending on the platform.
        char control = ctrl && key.Key is >= ConsoleKey.A and <= ConsoleKey.Z ? (char)(key.Key - ConsoleKey.A + 1) : ch;
        if (alt)
        {
            switch (key.Key)
            {
                case ConsoleKey.B: _cursor = WordStartBefore(_cursor); return Outcome.Continue;
                case ConsoleKey.F: _cursor = WordEndAfter(_cursor); return Outcome.Continue;
                case ConsoleKey.D: Kill(_cursor, WordEndAfter(_cursor)); return Outcome.Continue;
                case ConsoleKey.Backspace: Kill(WordStartBefore(_cursor), _cursor); return Outcome.Continue;
            }
            return Outcome.Continue;
        }
        switch (key.Key)
        {
            case ConsoleKey.Enter: return Outcome.Done;
            case ConsoleKey.LeftArrow when ctrl: _cursor = WordStartBefore(_cursor); return Outcome.Continue;
            case ConsoleKey.RightArrow when ctrl: _cursor = WordEndAfter(_cursor); return Outcome.Continue;
            case ConsoleKey.LeftArrow: _cursor = Math.Max(0, _cursor - 1); return Outcome.Continue;
            case ConsoleKey.RightArrow: _cursor = Math.Min(_text.Length, _cursor + 1); return Outcome.Continue;
            case ConsoleKey.Home: _cursor = 0; return Outcome.Continue;
            case ConsoleKey.End: _cursor = _text.Length; return Outcome.Continue;
            case ConsoleKey.UpArrow: HistoryStep(-1); return Outcome.Continue;
            case ConsoleKey.DownArrow: HistoryStep(+1); return Outcome.Continue;
            case ConsoleKey.Delete: if (_cursor < _text.Length) _text.Remove(_cursor, 1); return Outcome.Continue;
            case ConsoleKey.Backspace when !ctrl:
                if (_cursor > 0) _text.Remove(--_cursor, 1);
                return Outcome.Continue;
            case ConsoleKey.Tab when !ctrl: Complete(); return Outcome.Continue;
        }
        switch (control)
        {
            case '\u0001': _cursor = 0; break;                                   // Ctrl-A
            case '\u0005': _cursor = _text.Length; break;                         // Ctrl-E
            case '\u0002': _cursor = Math.Max(0, _cursor - 1); break;             // Ctrl-B
            case '\u0006': _cursor = Math.Min(_text.Length, _cursor + 1); break;  // Ctrl-F
            case '\u000b': Kill(_cursor, _text.Length); break;                    // Ctrl-K
            case '\u0015': Kill(0, _cursor); break;                               // Ctrl-U
            case '\u0017': Kill(SpaceWordStartBefore(_cursor), _cursor); break;   // Ctrl-W
            case '\u0019': Insert(_killed); break;                                // Ctrl-Y
            case '\u0008': if (_cursor > 0) _text.Remove(--_cursor, 1); break;    // Ctrl-H
            case '\u0010': HistoryStep(-1); break;                                // Ctrl-P
            case '\u000e': HistoryStep(+1); break;                                // Ctrl-N
            case '\u0009': Complete(); break;                                     // Ctrl-I (Tab)
            case '\u000d' or '\u000a': return Outcome.Done;                       // Ctrl-M, Ctrl-J
            case '\u0004':                                                        // Ctrl-D
                if (_text.Length == 0) return Outcome.EndOfInput;
                if (_cursor < _text.Length) _text.Remove(_cursor, 1);
                break;
            case '\u0003':                                                        // Ctrl-C
                Finish("^C");
                _text.Clear();
                _cursor = 0;
                _historyIndex = history.Entries.Count;
                break;
            case '\u000c':                                                        // Ctrl-L
                terminal.Write("\u001b[H\u001b[2J");
                _cursorRow = 0;
                break;
            case '\u0012':                                                        // Ctrl-R
                _searching = true;
                _searchFailed = false;
                _search.Clear();
                _searchIndex = history.Entries.Count;
                _draft = _text.ToString();
                break;
            default:
                if (!ctrl && ch >= ' ' && !char.IsControl(ch)) Insert(ch.ToString());
                break;
        }
        return Outcome.Continue;
    }

    /// <summary>A key during Ctrl-R: typing narrows, Ctrl-R goes to the next older match, Ctrl-G/Escape cancel, anything else accepts and is then handled.</summary>
    private Outcome Search(ConsoleKeyInfo key)
    {
        bool ctrl = key.Modifiers.HasFlag(ConsoleModifiers.Control);
        char control = ctrl && key.Key is >= ConsoleKey.A and <= ConsoleKey.Z ? (char)(key.Key - ConsoleKey.A + 1) : key.KeyChar;
        if (control == '\u0012')
        {
            SearchFrom(_searchIndex - 1);
            return Outcome.Continue;
        }
        if (control is '\u0007' || key.Key == ConsoleKey.Escape)
        {
            _searching = false;
            Replace(_draft);
            return Outcome.Continue;
        }
        if (control == '\u0003')
        {
            _searching = false;
            return Edit(key);
        }
        if (key.Key == ConsoleKey.Backspace || control == '\u0008')
        {
            if (_search.Length > 0) _search.Length--;
            SearchFrom(history.Entries.Count - 1);
            return Outcome.Continue;
        }
        if (!ctrl && key.Modifiers == 0 && key.KeyChar >= ' ' && !char.IsControl(key.KeyChar) && key.Key != ConsoleKey.Enter)
        {
            _search.Append(key.KeyChar);
            SearchFrom(Math.Min(_searchIndex, history.Entries.Count - 1));
            return Outcome.Continue;
        }
        _searching = false;
        return Edit(key);
    }

    private void SearchFrom(int index)
    {
        string needle = _search.ToString();
        for (int i = Math.Min(index, history.Entries.Count - 1); i >= 0; i--)
        {
            int at = history.Entries[i].IndexOf(needle, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            _searchIndex = i;
            _searchFailed = false;
            Replace(history.Entries[i]);
            _cursor = at;
            return;
        }
        _searchFailed = true;
    }

    private void HistoryStep(int step)
    {
        int target = _historyIndex + step;
        if (target < 0 || target > history.Entries.Count) return;
        if (_historyIndex == history.Entries.Count) _draft = _text.ToString();
        _historyIndex = target;
        Replace(target == history.Entries.Count ? _draft : history.Entries[target]);
    }

    private void Complete()
    {
        if (complete is null) return;
        string text = _text.ToString();
        var c = complete(text, _cursor);
        if (c.Candidates.Count == 0 || c.Start < 0 || c.Start > _cursor) return;
        string typed = text[c.Start.._cursor];
        if (c.Candidates.Count == 1)
        {
            ReplaceRange(c.Start, _cursor, c.Candidates[0]);
            return;
        }
        string common = CommonPrefix(c.Candidates);
        if (common.Length > typed.Length)
        {
            ReplaceRange(c.Start, _cursor, common);
            return;
        }
        ListCandidates(c.Candidates);
    }

    private void ListCandidates(IReadOnlyList<string> candidates)
    {
        const int MaxShown = 100;
        Finish("");
        var shown = candidates.Take(MaxShown).ToList();
        int cell = shown.Max(s => s.Length) + 2;
        int perRow = Math.Max(1, _width / cell);
        var sb = new StringBuilder();
        for (int i = 0; i < shown.Count; i++)
        {
            bool last = i % perRow == perRow - 1 || i == shown.Count - 1;
            sb.Append(last ? shown[i] : shown[i].PadRight(cell));
            if (last) sb.Append("\r\n");
        }
        if (candidates.Count > MaxShown) sb.Append($"… and {candidates.Count - MaxShown} more\r\n");
        terminal.Write(sb.ToString());
    }

    internal static string CommonPrefix(IReadOnlyList<string> words)
    {
        string first = words[0];
        int n = first.Length;
        foreach (var w in words)
        {
            int i = 0;
            while (i < n && i < w.Length && char.ToLowerInvariant(w[i]) == char.ToLowerInvariant(first[i])) i++;
            n = i;
        }
        return first[..n];
    }

    private void Insert(string s)
    {
        _text.Insert(_cursor, s);
        _cursor += s.Length;
    }

    private void Kill(int from, int to)
    {
        if (to <= from) return;
        _killed = _text.ToString(from, to - from);
        _text.Remove(from, to - from);
        _cursor = from;
    }

    private void Replace(string s)
    {
        _text.Clear().Append(s);
        _cursor = s.Length;
    }

    private void ReplaceRange(int from, int to, string s)
    {
        _text.Remove(from, to - from).Insert(from, s);
        _cursor = from + s.Length;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private int WordStartBefore(int p)
    {
        while (p > 0 && !IsWordChar(_text[p - 1])) p--;
        while (p > 0 && IsWordChar(_text[p - 1])) p--;
        return p;
    }

    private int WordEndAfter(int p)
    {
        while (p < _text.Length && !IsWordChar(_text[p])) p++;
        while (p < _text.Length && IsWordChar(_text[p])) p++;
        return p;
    }

    private int SpaceWordStartBefore(int p)
    {
        while (p > 0 && char.IsWhiteSpace(_text[p - 1])) p--;
        while (p > 0 && !char.IsWhiteSpace(_text[p - 1])) p--;
        return p;
    }

    private string CurrentPrompt() => !_searching ? Prompt
        : $"({(_searchFailed ? "failed " : "")}reverse-i-search)`{_search}': ";

    /// <summary>Back to the first row of the line, clear to the end of the screen, write prompt and text, put the cursor back.</summary>
    private void Render()
    {
        var sb = new StringBuilder();
        if (_cursorRow > 0) sb.Append("\u001b[").Append(_cursorRow).Append('A');
        sb.Append("\r\u001b[J");
        _shownPrompt = CurrentPrompt();
        string line = _shownPrompt + _text;
        sb.Append(line);
        int w = _width;
        // A line that ends exactly at the right margin leaves the cursor pending there; a newline makes its row definite.
        _newlineAtEnd = line.Length > 0 && line.Length % w == 0;
        if (_newlineAtEnd) sb.Append("\r\n");
        int endRow = line.Length / w;
        int at = _shownPrompt.Length + _cursor;
        int row = at / w, column = at % w;
        if (endRow > row) sb.Append("\u001b[").Append(endRow - row).Append('A');
        sb.Append('\r');
        if (column > 0) sb.Append("\u001b[").Append(column).Append('C');
        _cursorRow = row;
        terminal.Write(sb.ToString());
    }

    /// <summary>Moves below the line (after <paramref name="mark"/>, e.g. ^C) so output can follow; the next render starts afresh.</summary>
    private void Finish(string mark)
    {
        _cursor = _text.Length;
        Render();
        // Render already moved to a fresh row when the line ended exactly at the margin.
        int length = _shownPrompt.Length + _text.Length;
        bool atFreshRow = length > 0 && length % _width == 0;
        terminal.Write(mark.Length == 0 && atFreshRow ? "" : mark + "\r\n");
        _cursorRow = 0;
    }

    /// <summary>The terminal changed width: it has re-wrapped our rows, so find the cursor's row in the new width and draw again.</summary>
    private void Resized()
    {
        _width = Math.Max(1, terminal.Width);
        int at = _shownPrompt.Length + _cursor;
        int length = _shownPrompt.Length + _text.Length;
        // After a line that ended at the margin, Render wrote a real newline: a cursor at the end sits on the
        // row after the re-wrapped text, not inside it.
        _cursorRow = _newlineAtEnd && at == length ? (length + _width - 1) / _width : at / _width;
        Render();
    }
}
