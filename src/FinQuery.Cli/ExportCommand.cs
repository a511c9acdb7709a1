using System.CommandLine;
using FinQuery.Sql;

namespace FinQuery.Cli;

/// <summary><c>finq export [--data …] --format parquet --output FILE</c>: writes the data's facts table (every publication of every reported value).</summary>
internal static class ExportCommand
{
    public static Command Create(CliStreams io)
    {
        var data = CliOptions.Data();
        var format = new Option<string>("--format") { Description = "The file format: parquet.", DefaultValueFactory = _ => "parquet" };
        var output = new Option<string>("--output", "-o") { Description = "The file to write, e.g. facts.parquet.", Required = true };
        var command = new Command("export", "Write the data as the long facts table that finq sql's SQL reads (Parquet).") { data, format, output };
        command.SetAction(r =>
        {
            var failures = io.Failures(OutputFormat.Text);
            if (r.GetValue(format) is not "parquet") return failures.Usage($"unknown format '{r.GetValue(format)}'; use parquet");
            var dataset = Commands.LoadData(r.GetValue(data), null, failures, out int code);
            if (dataset is null) return code;
            string path = r.GetValue(output)!;
            try
            {
                using var engine = DuckDbEngine.Load(dataset);
                engine.ExportParquet(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                return failures.Usage($"cannot write {path}: {ex.Message}");
            }
            io.Out.WriteLine($"wrote {path}");
            return Program.Ok;
        });
        return command;
    }
}
