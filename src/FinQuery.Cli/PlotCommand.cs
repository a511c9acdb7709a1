using System.CommandLine;
using System.Globalization;
using System.Text;
using FinQuery.Charts;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq plot [--data FILE] [--entity ID] [-o FILE.svg|FILE.png] [--title TEXT] [--width N] [--height N] QUERY…</c>:
/// one chart of every series-valued query. Exit codes: 0 written, 1 a query error or a query that is not a
/// series, 2 bad usage (no query, unknown extension, bad size, unwritable path) or a bad data file. Nothing is
/// written unless every query can be drawn.
/// </summary>
internal static class PlotCommand
{
    public const string DefaultFile = "finq-plot.svg";
    private const int DefaultWidth = 900;
    private const int DefaultHeight = 500;

    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var entity = CliOptions.Entity();
        var output = new Option<string?>("--output", "-o") { Description = $"The chart file, .svg or .png (default: {DefaultFile} in the current folder)." };
        var title = new Option<string?>("--title") { Description = "The chart's title (default: the name of the company whose figures are drawn)." };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => DefaultWidth };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => DefaultHeight };
        var queries = new Argument<string[]>("query")
        {
            Description = "Series queries, each optionally 'label: query', e.g. revenue \"growth: yoy(revenue)\".",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("plot", "Draw series queries on one chart (bars for flows, lines for percents, ratios and stocks) to SVG or PNG.")
        {
            data, entity, output, title, width, height, queries,
        };
        command.SetAction(r =>
        {
            var request = new Request(r.GetValue(queries) ?? [], r.GetValue(output), r.GetValue(title), r.GetValue(width), r.GetValue(height));
            if (!request.Check(io.Err)) return Program.UsageError;
            var dataset = Commands.LoadData(r.GetValue(data), r.GetValue(entity), io.Failures(OutputFormat.Text), out int code);
            if (dataset is null) return code;
            return Draw(dataset, r.GetValue(entity), request, io.Out, io.Err);
        });
        return command;
    }

    /// <summary>What to draw and where: the queries (each <c>label: query</c> or a bare query), file, title and size.</summary>
    internal sealed record Request(IReadOnlyList<string> Queries, string? Output, string? Title, int Width = DefaultWidth, int Height = DefaultHeight)
    {
        public string Path => Output ?? DefaultFile;

        /// <summary>Checks what needs no data: at least one query, a known extension, a size in range.</summary>
        public bool Check(TextWriter stderr)
        {
            if (Queries.Count == 0 || Queries.All(string.IsNullOrWhiteSpace))
                return Fail(stderr, "name at least one series to draw, e.g. finq plot revenue \"yoy(revenue)\"");
            if (!Chart.TryGetFormat(Path, out _))
                return Fail(stderr, $"cannot tell the format of '{Path}': name the file .svg or .png");
            foreach (var (name, value) in new[] { ("--width", Width), ("--height", Height) })
                if (value < Chart.MinSize || value > Chart.MaxSize)
                    return Fail(stderr, string.Create(CultureInfo.InvariantCulture, $"{name} {value} is out of range: {Chart.MinSize} to {Chart.MaxSize} pixels"));
            return true;
        }

        private static bool Fail(TextWriter stderr, string message)
        {
            stderr.WriteLine($"finq plot: {message}");
            return false;
        }
    }

    /// <summary>Evaluates the queries, draws them and writes the file; the exit code.</summary>
    internal static int Draw(Dataset data, string? entity, Request request, TextWriter stdout, TextWriter stderr)
    {
        var results = new List<(string Label, QueryResult Result)>();
        bool failed = false;
        foreach (var entry in QueryFile.Parse(request.Queries))
        {
            var o = Commands.Evaluate(data, entity, entry.Query, entry.Label, explain: false);
            if (o.Error is not null)
            {
                TextOutput.WriteError(o, stderr);
                failed = true;
                continue;
            }
            results.Add((entry.Label ?? entry.Query, o.Result!.Value));
        }
        return Save(results, failed, data, entity, request, stdout, stderr);
    }

    /// <summary>
    /// Draws evaluated results on one chart and writes it (the REPL's <c>:plot</c> comes here with its own
    /// evaluation). Nothing is written when <paramref name="failed"/> or a result cannot be drawn.
    /// </summary>
    internal static int Save(IEnumerable<(string Label, QueryResult Result)> results, bool failed, Dataset data, string? entity,
        Request request, TextWriter stdout, TextWriter stderr)
    {
        var chart = new Chart { Width = request.Width, Height = request.Height, Title = request.Title };
        foreach (var (label, result) in results)
        {
            try
            {
                chart.Add(label, result);
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine($"finq plot: {Sentence(ex)}");
                failed = true;
            }
        }
        if (failed || chart.Count == 0)
        {
            stderr.WriteLine($"finq plot: nothing written to {request.Path}");
            return Program.QueryError;
        }
        chart.Title ??= DefaultTitle(data, entity, request.Queries);
        if (!TrySave(chart, request.Path, stderr)) return Program.UsageError;
        stdout.WriteLine($"wrote {System.IO.Path.GetFullPath(request.Path)}");
        return Program.Ok;
    }

    /// <summary>The <c>--plot DIR</c> option of <c>finq run</c> and <c>finq check</c>.</summary>
    public static Option<string?> FolderOption() => new("--plot")
    {
        Description = "Also draw the data series behind each query into this folder, one SVG per query (NN-label.svg).",
    };

    /// <summary>
    /// Draws the data series behind each result (<see cref="Chart.Behind"/>) into <paramref name="folder"/>, one SVG
    /// per query that read any series, named after its line and label (<c>03-revenue-grew-11-year-over-year.svg</c>).
    /// For <c>finq run</c> and <c>finq check</c> with <c>--plot DIR</c>; they pass stderr as <paramref name="notice"/>, so
    /// stdout stays their report (JSON, CSV). Returns false, having said why, when the folder cannot be made or a
    /// file cannot be written.
    /// </summary>
    internal static bool DrawBehind(string folder, IEnumerable<Outcome> outcomes, Dataset data, string? entity, TextWriter notice, TextWriter stderr)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"finq: cannot make the chart folder {folder}: {ex.Message}");
            return false;
        }
        int written = 0, index = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            index++;
            if (o.Error is not null) continue;
            QueryResult explained;
            try
            {
                explained = Query.Parse(o.Query).Bind(data, entity).Explain();
            }
            catch (FinQueryException)
            {
                continue;
            }
            var chart = Chart.Behind(explained, data);
            if (chart.Count == 0) continue;
            chart.Title = o.Label ?? o.Query;
            string name = FileName(o.SourceLine > 0 ? o.SourceLine : index, o.Label ?? o.Query, names);
            if (!TrySave(chart, System.IO.Path.Combine(folder, name), stderr)) return false;
            written++;
        }
        notice.WriteLine($"wrote {written} chart{(written == 1 ? "" : "s")} to {System.IO.Path.GetFullPath(folder)}");
        return true;
    }

    private static bool TrySave(Chart chart, string path, TextWriter stderr)
    {
        try
        {
            chart.Save(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"finq plot: cannot write {path}: {ex.Message}");
            return false;
        }
    }

    /// <summary>
    /// The name of the entity bare metric names refer to, when no query names another one (<c>THREADS.users</c>):
    /// then every figure drawn is that company's. Otherwise no title; <c>--title</c> gives one.
    /// </summary>
    internal static string? DefaultTitle(Dataset data, string? entity, IEnumerable<string> queries)
    {
        var subject = entity is null ? data.DefaultEntity : data.FindEntity(entity);
        if (subject is null) return null;
        var others = data.Entities.Where(e => !ReferenceEquals(e, subject)).Select(e => e.Id + ".").ToList();
        bool namesAnother = queries.Any(q => others.Any(prefix => q.Contains(prefix, StringComparison.OrdinalIgnoreCase)));
        return namesAnother ? null : subject.Name;
    }

    /// <summary><c>07-revenue-grew-11-year-over-year.svg</c>: the line number, then the label's letters and digits.</summary>
    internal static string FileName(int number, string text, HashSet<string> taken)
    {
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length > 48)
            {
                // Cut at the last whole word.
                int dash = slug.ToString().LastIndexOf('-', 47);
                slug.Length = dash > 0 ? dash : 48;
                break;
            }
        }
        string stem = string.Create(CultureInfo.InvariantCulture, $"{number:00}-{slug.ToString().Trim('-')}").TrimEnd('-');
        string name = stem + ".svg";
        for (int n = 2; !taken.Add(name); n++) name = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.svg");
        return name;
    }

    // ArgumentException appends " (Parameter 'x')" to its message; users need the sentence only.
    private static string Sentence(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
}
