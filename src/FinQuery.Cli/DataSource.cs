using System.CommandLine;
using System.Reflection;
using System.Text.Json;

namespace FinQuery.Cli;

/// <summary>
/// What one run of the command line tells the data loader beyond the <c>--data</c> sources: <c>--strict</c>, the
/// environment (for <c>FINQ_CACHE_DIR</c>) and where warnings about skipped companies go.
/// </summary>
internal sealed record DataSettings(bool Strict, Func<string, string?> Environment, TextWriter Warnings, DateOnly? AsOf = null)
{
    public static readonly DataSettings Default = new(false, System.Environment.GetEnvironmentVariable, TextWriter.Null);
}

/// <summary>
/// Loads the dataset a command reads: each <c>--data</c> source (FinQuery JSON or CSV, an SEC company facts file,
/// <c>companyfacts.zip</c>, a folder of them, <c>sec:TICKER</c> or <c>sec:</c> from the fetch cache) into one
/// dataset, or the bundled Meta sample.
/// </summary>
internal static class DataSource
{
    public const string BundledName = "meta-q2-2023 (bundled)";

    /// <summary>
    /// The settings of the command line run on this thread of control (set by <c>Program.Run</c> around the
    /// command, so parallel runs in one process each see their own).
    /// </summary>
    private static readonly AsyncLocal<DataSettings?> Current = new();

    public static DataSettings Settings => Current.Value ?? DataSettings.Default;

    /// <summary>Makes <paramref name="settings"/> the loader's settings until the result is disposed.</summary>
    public static IDisposable Use(DataSettings settings)
    {
        var before = Current.Value;
        Current.Value = settings;
        return new Restore(before);
    }

    private sealed class Restore(DataSettings? before) : IDisposable
    {
        public void Dispose() => Current.Value = before;
    }

    /// <summary>The <c>--strict</c> option (on every command, given once on the root).</summary>
    public static Option<bool> CreateStrictOption() => new("--strict")
    {
        Description = "Fail when a company in an SEC folder or archive cannot be loaded, instead of skipping it with a warning.",
        Recursive = true,
    };

    /// <summary>The <c>--asof</c> option (on every command, given once on the root): evaluate against the data as known on a day.</summary>
    public static Option<string?> CreateAsOfOption() => new("--asof")
    {
        Description = "Evaluate against the data as it was known on this day (YYYY-MM-DD): later publications (filed days) do not exist.",
        Recursive = true,
    };

    /// <summary>Reads an <c>--asof</c> value: a day written YYYY-MM-DD.</summary>
    public static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);

    /// <summary>How the sources are named in messages.</summary>
    public static string Describe(IReadOnlyList<string>? sources) =>
        sources is null || sources.Count == 0 ? BundledName : string.Join(", ", sources);

    /// <summary>Loads every source into one dataset (the bundled sample when there is none); warns of skipped companies.</summary>
    /// <exception cref="DataFileException">A source cannot be loaded.</exception>
    public static Dataset Load(IReadOnlyList<string>? sources)
    {
        if (sources is null || sources.Count == 0)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FinQuery.Cli.meta.json")
                ?? throw new InvalidOperationException("The bundled Meta dataset is missing from this build of finq.");
            using var reader = new StreamReader(stream);
            var bundled = Dataset.ParseJson(reader.ReadToEnd(), BundledName);
            return AsOf(bundled, Settings, BundledName);
        }
        var settings = Settings;
        var paths = sources.Select(s => Resolve(s, settings.Environment)).ToList();
        var data = Dataset.Load(paths, new DataLoadOptions { Strict = settings.Strict });
        foreach (var skipped in data.Skipped) settings.Warnings.WriteLine($"finq: skipped {skipped.Message}");
        return AsOf(data, settings, Describe(sources));
    }

    private static Dataset AsOf(Dataset data, DataSettings settings, string described)
    {
        if (settings.AsOf is not { } day) return data;
        if (NoFiledDays(data, described) is { } notice) settings.Warnings.WriteLine($"finq: --asof {day:yyyy-MM-dd}: {notice}");
        return data.AsOf(day);
    }

    /// <summary>
    /// Why an as-of day changes nothing for this data, when no observation has a published day: each then counts as
    /// known from the beginning, and a user who asked for a past day should not take the answer for a vintage.
    /// </summary>
    public static string? NoFiledDays(Dataset data, string described) => data.HasFiledDays ? null
        : $"{described} gives no publication day (filed) for any value, so every value counts as known from the beginning and the answers are the latest data's";

    /// <summary>The folder <c>finq fetch</c> writes to: <c>FINQ_CACHE_DIR</c>, else the user's cache folder (<c>~/.cache/finq/sec</c>).</summary>
    public static string CacheFolder(Func<string, string?> env)
    {
        var dir = env("FINQ_CACHE_DIR");
        if (!string.IsNullOrWhiteSpace(dir)) return dir;
        var xdg = env("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "finq", "sec");
    }

    public const string TickersFile = "company_tickers.json";

    /// <summary>The file name of a company's facts: <c>CIK</c> and ten digits, <c>.json</c>.</summary>
    public static string FactsFile(long cik) => $"CIK{cik:D10}.json";

    /// <summary>A source as a path: <c>sec:</c> is the cache folder, <c>sec:TSLA</c> the cached facts of TSLA.</summary>
    /// <exception cref="DataFileException">The company is not in the cache.</exception>
    public static string Resolve(string source, Func<string, string?> env)
    {
        if (!source.StartsWith("sec:", StringComparison.OrdinalIgnoreCase)) return source;
        string cache = CacheFolder(env);
        string name = source[4..].Trim();
        if (!Directory.Exists(cache))
            throw new DataFileException(source, "cache", $"the SEC cache {cache} does not exist: run 'finq fetch TICKER' first");
        if (name.Length == 0) return cache;
        long? cik = TryParseCik(name);
        if (cik is null)
        {
            var tickers = Path.Combine(cache, TickersFile);
            if (File.Exists(tickers)) cik = LookUpTicker(File.ReadAllBytes(tickers), name);
        }
        var file = cik is null ? null : Path.Combine(cache, FactsFile(cik.Value));
        if (file is null || !File.Exists(file))
            throw new DataFileException(source, "cache", $"{name} is not in the SEC cache {cache}: run 'finq fetch {name}' first");
        return file;
    }

    /// <summary><c>CIK0000320193</c>, <c>CIK320193</c> or <c>320193</c> as a number; null for anything else (a ticker).</summary>
    public static long? TryParseCik(string text)
    {
        var digits = text.StartsWith("CIK", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        return digits.Length is > 0 and <= 10 && digits.All(char.IsAsciiDigit) && long.TryParse(digits, out long n) && n > 0 ? n : null;
    }

    /// <summary>The CIK of a ticker in the SEC's <c>company_tickers.json</c> (case-insensitive; <c>BRK_B</c> finds <c>BRK-B</c>); null when absent or unreadable.</summary>
    public static long? LookUpTicker(byte[] tickersJson, string ticker)
    {
        string wanted = Normalize(ticker);
        try
        {
            using var doc = JsonDocument.Parse(tickersJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var company in doc.RootElement.EnumerateObject())
            {
                if (company.Value.ValueKind != JsonValueKind.Object) continue;
                if (!company.Value.TryGetProperty("ticker", out var t) || t.ValueKind != JsonValueKind.String) continue;
                if (Normalize(t.GetString()!) != wanted) continue;
                if (company.Value.TryGetProperty("cik_str", out var c))
                {
                    if (c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out long n)) return n;
                    if (c.ValueKind == JsonValueKind.String && long.TryParse(c.GetString(), out n)) return n;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static string Normalize(string ticker) => ticker.Trim().ToUpperInvariant().Replace('-', '_').Replace('.', '_');
}
