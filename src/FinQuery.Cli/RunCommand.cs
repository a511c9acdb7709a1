using System.CommandLine;

namespace FinQuery.Cli;

/// <summary><c>finq run FILE.fq</c>: runs a query file and prints a table of results.</summary>
internal static class RunCommand
{
    public static Command Create(CliStreams io)
    {
        var options = new QueryCommandOptions(OutputFormat.Table);
        var file = new Argument<string>("file") { Description = "A query file: one query per line, # comments, optional 'label: query'." };
        var plot = PlotCommand.FolderOption();
        var engine = Engine.Option();
        var command = options.AddTo(new Command("run", "Run a query file (the fact-check) and print a table of results.") { plot, file, engine });
        command.SetAction(r =>
        {
            var format = options.Format.Get(r);
            var failures = io.Failures(format);
            string path = r.GetValue(file)!;
            if (Directory.Exists(path)) return failures.Usage($"{path} is a folder; finq run takes one query file", FolderHint(path));
            List<QueryFile.Entry> entries;
            try
            {
                entries = QueryFile.Read(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return failures.Fail(Program.UsageError, $"cannot read query file {path}: {ex.Message}", file: path);
            }
            if (Engine.Load(r.GetValue(options.Data), r.GetValue(options.Entity), r.GetValue(engine), failures, out var duck, out int code) is not { } dataset) return code;
            bool explain = r.GetValue(options.Explain);
            string? entity = r.GetValue(options.Entity);
            using var _ = duck;
            var evaluate = Engine.Evaluator(duck, dataset, entity, explain);
            var outcomes = entries.Select(e => evaluate(e.Query, e.Label) with
            {
                File = path,
                SourceLine = e.Line,
                SourceColumn = e.Column,
                SourceText = e.Text,
            }).ToList();
            int exit = Commands.Report(outcomes, format, explain, io);
            if (r.GetValue(plot) is { } folder && !PlotCommand.DrawBehind(folder, outcomes, dataset, entity, io.Err, io.Err)) return Program.UsageError;
            return exit;
        });
        return command;
    }

    private static string FolderHint(string path)
    {
        string[] files;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true };
            files = Directory.EnumerateFiles(path, "*.fq", options).Take(50).Select(f => Path.GetRelativePath(path, f))
                .Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            files = [];
        }
        return files.Length == 0
            ? "Write the path of a .fq file, e.g. finq run samples/meta-q2-2023/claims.fq"
            : $"Write the path of a .fq file, e.g. finq run {Path.Combine(path, files[0])} (this folder holds {string.Join(", ", files.Take(5))}{(files.Length > 5 ? ", …" : "")})";
    }
}

/// <summary>A query file: one query per line, <c>#</c> comments, optional <c>label: query</c>.</summary>
internal static class QueryFile
{
    /// <summary>One query; <see cref="Column"/> is where the query text starts on line <see cref="Line"/> (1-based).</summary>
    public sealed record Entry(string? Label, string Query, int Line, int Column, string Text);

    public static List<Entry> Read(string path) => Parse(File.ReadAllLines(path));

    public static List<Entry> Parse(IEnumerable<string> lines)
    {
        var entries = new List<Entry>();
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            // The language has no ':', so the first one ends the label.
            int colon = raw.IndexOf(':', StringComparison.Ordinal);
            string? label = null;
            int start = 0;
            if (colon > 0 && raw[..colon].Trim().Length > 0)
            {
                label = raw[..colon].Trim();
                start = colon + 1;
            }
            while (start < raw.Length && char.IsWhiteSpace(raw[start])) start++;
            entries.Add(new Entry(label, raw[start..].TrimEnd(), n, start + 1, raw));
        }
        return entries;
    }
}
