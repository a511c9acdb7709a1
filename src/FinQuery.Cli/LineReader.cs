namespace FinQuery.Cli;

/// <summary>
/// Line editing with history for the REPL in a terminal: Left/Right, Home/End, Backspace/Delete,
/// Up/Down through earlier lines, Ctrl+U to clear, Ctrl+D on an empty line to quit.
/// </summary>
/// <remarks>
/// Written here because the only line-editing package served to this project, RadLine 0.6.0, is built
/// against Spectre.Console 0.43 and does not link with the Spectre.Console 0.57 we use for tables.
/// </remarks>
internal sealed class LineReader(string prompt)
{
    private readonly List<string> _history = [];

    public string? ReadLine()
    {
        Console.Write(prompt);
        var buffer = new List<char>();
        int cursor = 0;
        int historyIndex = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    var line = new string(buffer.ToArray());
                    if (line.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != line)) _history.Add(line);
                    return line;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < buffer.Count:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = buffer.Count;
                    break;
                case ConsoleKey.Backspace when cursor > 0:
                    buffer.RemoveAt(--cursor);
                    break;
                case ConsoleKey.Delete when cursor < buffer.Count:
                    buffer.RemoveAt(cursor);
                    break;
                case ConsoleKey.UpArrow when historyIndex > 0:
                    historyIndex--;
                    Replace(buffer, _history[historyIndex], ref cursor);
                    break;
                case ConsoleKey.DownArrow when historyIndex < _history.Count:
                    historyIndex++;
                    Replace(buffer, historyIndex < _history.Count ? _history[historyIndex] : "", ref cursor);
                    break;
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    if (buffer.Count == 0)
                    {
                        Console.WriteLine();
                        return null;
                    }
                    break;
                case ConsoleKey.U when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    Replace(buffer, "", ref cursor);
                    break;
                default:
                    if (key.KeyChar >= ' ' && !char.IsControl(key.KeyChar)) buffer.Insert(cursor++, key.KeyChar);
                    break;
            }
            Redraw(buffer, cursor);
        }
    }

    private static void Replace(List<char> buffer, string text, ref int cursor)
    {
        buffer.Clear();
        buffer.AddRange(text);
        cursor = buffer.Count;
    }

    private void Redraw(List<char> buffer, int cursor)
    {
        // Carriage return, prompt and text, clear to the end of the line, then put the cursor back.
        Console.Write($"\r{prompt}{new string(buffer.ToArray())}\u001b[K");
        int back = buffer.Count - cursor;
        if (back > 0) Console.Write($"\u001b[{back}D");
    }
}
