namespace FinQuery.Cli;

/// <summary>
/// What the line editor needs from a terminal: keys, text out (with ANSI cursor movement) and the width.
/// <see cref="ConsoleTerminal"/> is the real one; tests drive the editor through a scripted fake.
/// </summary>
internal interface ITerminal
{
    /// <summary>
    /// The next key, or null when <paramref name="timeout"/> passes first (the editor then checks for a resize).
    /// Throws <see cref="EndOfStreamException"/> when no more input can come.
    /// </summary>
    ConsoleKeyInfo? ReadKey(TimeSpan? timeout);

    /// <summary>Writes text; the editor moves the cursor with <c>\r</c>, <c>\r\n</c> and ANSI CSI sequences (A, C, J, H, 2J).</summary>
    void Write(string text);

    /// <summary>Columns per row.</summary>
    int Width { get; }
}

/// <summary>The process's console. While it reads keys, Ctrl-C is a key (it clears the line) rather than a signal that ends finq.</summary>
internal sealed class ConsoleTerminal : ITerminal
{
    public int Width
    {
        get
        {
            try
            {
                int w = Console.WindowWidth;
                return w > 0 ? w : 80;
            }
            catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
            {
                return 80;
            }
        }
    }

    public ConsoleKeyInfo? ReadKey(TimeSpan? timeout)
    {
        try
        {
            Console.TreatControlCAsInput = true;
            if (timeout is { } t)
            {
                var until = DateTime.UtcNow + t;
                while (!Console.KeyAvailable)
                {
                    if (DateTime.UtcNow >= until) return null;
                    Thread.Sleep(20);
                }
            }
            return Console.ReadKey(intercept: true);
        }
        catch (InvalidOperationException ex)
        {
            throw new EndOfStreamException("the console has no more input", ex);
        }
        finally
        {
            // While a query runs, Ctrl-C stops finq as usual.
            Console.TreatControlCAsInput = false;
        }
    }

    public void Write(string text)
    {
        Console.Out.Write(text);
        Console.Out.Flush();
    }
}
