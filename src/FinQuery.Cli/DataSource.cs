using System.Reflection;

namespace FinQuery.Cli;

/// <summary>Loads the dataset a command reads: a file, or the bundled Meta sample.</summary>
internal static class DataSource
{
    public const string BundledName = "meta-q2-2023 (bundled)";

    public static Dataset Load(string? path)
    {
        if (path is not null) return Dataset.Load(path);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FinQuery.Cli.meta.json")
            ?? throw new InvalidOperationException("The bundled Meta dataset is missing from this build of finq.");
        using var reader = new StreamReader(stream);
        return Dataset.ParseJson(reader.ReadToEnd(), BundledName);
    }

    /// <summary>Loads the data, or prints why not and returns null (exit code 2).</summary>
    public static Dataset? TryLoad(string? path, TextWriter stderr)
    {
        try
        {
            return Load(path);
        }
        catch (DataFileException ex)
        {
            stderr.WriteLine($"finq: bad data file: {ex.Message}");
            return null;
        }
    }
}
