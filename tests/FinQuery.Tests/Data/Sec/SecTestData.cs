using System.IO.Compression;

namespace FinQuery.Tests.Data.Sec;

/// <summary>
/// The SEC's company facts of Tesla (December year) and Snowflake (January year) as served, with a
/// company_tickers.json, in one zip; <see cref="Folder"/> is the same files unpacked once per test run.
/// </summary>
internal static class SecTestData
{
    public static readonly string Zip = Path.Combine(AppContext.BaseDirectory, "Data", "Sec", "companyfacts.zip");

    private static readonly Lazy<string> UnpackedFolder = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), $"finq-sec-tests-{Guid.NewGuid():N}");
        ZipFile.ExtractToDirectory(Zip, dir);
        return dir;
    });

    private static readonly Lazy<Dataset> Loaded = new(() => Dataset.Load(Zip));

    /// <summary>A folder holding CIK0001318605.json (Tesla), CIK0001640147.json (Snowflake) and company_tickers.json.</summary>
    public static string Folder => UnpackedFolder.Value;

    public static string Tesla => Path.Combine(Folder, "CIK0001318605.json");
    public static string Snowflake => Path.Combine(Folder, "CIK0001640147.json");

    /// <summary>Both companies, loaded from the zip (shared: datasets are immutable).</summary>
    public static Dataset Data => Loaded.Value;

    public static double Value(Dataset data, string query)
    {
        var r = Query.Parse(query).Bind(data).Evaluate();
        Assert.False(r.IsNa, $"{query}: {r.Reason}");
        return r.Number;
    }

    /// <summary>A temporary folder for one test, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"finq-sec-{Guid.NewGuid():N}");
        public TempFolder() => Directory.CreateDirectory(Path);
        public string File(string name, string text)
        {
            var p = System.IO.Path.Combine(Path, name);
            System.IO.File.WriteAllText(p, text);
            return p;
        }
        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
