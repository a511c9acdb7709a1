namespace FinQuery.Cli;

/// <summary>
/// The REPL's history: the lines typed, oldest first, kept in a file between sessions
/// (<c>$XDG_STATE_HOME/finq/history</c>, by default <c>~/.local/state/finq/history</c>), at most
/// <see cref="Limit"/> lines. Saving re-reads the file first, so two sessions at once both keep their lines.
/// A file that cannot be read or written never stops the REPL: the history stays in memory, with one warning.
/// </summary>
internal sealed class History
{
    public const int DefaultLimit = 1000;

    private readonly List<string> _entries = [];
    private readonly string? _path;
    private readonly TextWriter? _warnings;
    private bool _warned;
    private bool _saveFailed;

    public History(string? path, int limit = DefaultLimit, TextWriter? warnings = null)
    {
        _path = path;
        Limit = limit;
        _warnings = warnings;
        if (path is not null) _entries.AddRange(TryRead(path).TakeLast(limit));
    }

    public int Limit { get; }

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>
    /// <c>$XDG_STATE_HOME/finq/history</c> when that is an absolute path (as the XDG spec asks), else
    /// <c>$HOME/.local/state/finq/history</c>; null when neither is known.
    /// </summary>
    public static string? DefaultPath(Func<string, string?> environment)
    {
        string? state = environment("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state) || !Path.IsPathRooted(state))
        {
            string? home = environment("HOME");
            if (string.IsNullOrEmpty(home)) home = environment("USERPROFILE");
            if (string.IsNullOrEmpty(home)) return null;
            state = Path.Combine(home, ".local", "state");
        }
        return Path.Combine(state, "finq", "history");
    }

    /// <summary>Adds a line (not a blank one, nor a repeat of the last) and saves the file.</summary>
    public void Add(string line)
    {
        if (line.Trim().Length == 0 || line.Contains('\n') || (_entries.Count > 0 && _entries[^1] == line)) return;
        _entries.Add(line);
        if (_entries.Count > Limit) _entries.RemoveRange(0, _entries.Count - Limit);
        Save(line);
    }

    private void Save(string line)
    {
        if (_path is null || _saveFailed) return;
        try
        {
            var lines = File.Exists(_path) ? File.ReadAllLines(_path).ToList() : [];
            if (lines.Count == 0 || lines[^1] != line) lines.Add(line);
            if (lines.Count > Limit) lines.RemoveRange(0, lines.Count - Limit);
            string? dir = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            string temp = $"{_path}.{System.Environment.ProcessId}.tmp";
            File.WriteAllText(temp, string.Join("\n", lines) + "\n");
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _saveFailed = true;
            Warn($"cannot save the history to {_path}: {ex.Message}; this session's history stays in memory");
        }
    }

    private List<string> TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList() : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Warn($"cannot read the history from {path}: {ex.Message}");
            return [];
        }
    }

    private void Warn(string message)
    {
        if (_warned) return;
        _warned = true;
        _warnings?.WriteLine($"finq: {message}");
    }
}
