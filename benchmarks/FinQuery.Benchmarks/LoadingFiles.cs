using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace FinQuery.Benchmarks;

/// <summary>
/// The files the loading scenarios read, written to a temporary folder of their own by their setup and
/// deleted by their cleanup: a universe as FinQuery JSON and long CSV (S6, S7), SEC company facts as a folder and
/// as <c>companyfacts.zip</c> (S8, and the archive of <see cref="PeakMemory"/>).
/// </summary>
internal sealed class LoadingFiles(string folder)
{
    public string Folder { get; } = folder;

    public static LoadingFiles Create(string scenario)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"finquery-{scenario}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        return new LoadingFiles(dir);
    }

    public void Delete() => Directory.Delete(Folder, recursive: true);

    /// <summary><paramref name="entities"/> × <paramref name="quarters"/> × 3 metrics as universe.json and universe.csv.</summary>
    public (string Json, string Csv) WriteUniverse(int entities, int quarters)
    {
        string json = Path.Combine(Folder, "universe.json"), csv = Path.Combine(Folder, "universe.csv");
        File.WriteAllText(json, BenchData.Json(entities, quarters));
        File.WriteAllText(csv, BenchData.Csv(entities, quarters));
        Console.WriteLine($"// JSON file: {new FileInfo(json).Length:N0} bytes; CSV file: {new FileInfo(csv).Length:N0} bytes; {entities * quarters * 3:N0} values");
        return (json, csv);
    }

    /// <summary>Checks that the JSON and CSV loads agree at one entity's <c>net_income</c> of 2023Q2, and returns the value.</summary>
    public static double CheckSameValue(Dataset json, Dataset csv, int entity)
    {
        var probe = Period.OfQuarter(2023, 2);
        json.Entities[entity].Find("net_income")!.TryGetValue(probe, out double a);
        csv.Entities[entity].Find("net_income")!.TryGetValue(probe, out double b);
        S1_EvaluateBound.Check(a, b, "CSV vs JSON");
        return a;
    }

    public static readonly string[] SecConcepts = ["Revenues", "NetIncomeLoss", "OperatingIncomeLoss", "CostOfRevenue"];

    /// <summary>The value of concept <paramref name="concept"/> of company <paramref name="company"/> in its first filing of quarter <paramref name="quarter"/> (0 = 2014Q1).</summary>
    public static double SecValue(int company, int concept, int quarter) => 1000 + company * 10 + concept * 100 + quarter * 7;

    /// <summary>
    /// <paramref name="companies"/> companies × 4 concepts × 40 quarters (each filed twice: its own 10-Q, then the
    /// next year's filing restating it by one) and 10 years from 10-Ks, as <c>companyfacts.zip</c> and, when
    /// <paramref name="folder"/> is set, also as a folder <c>facts</c> of the same files.
    /// </summary>
    public (string? Folder, string Zip, int Facts) WriteCompanyFacts(int companies, bool folder)
    {
        string? facts = folder ? Path.Combine(Folder, "facts") : null;
        if (facts is not null) Directory.CreateDirectory(facts);
        string zipPath = Path.Combine(Folder, "companyfacts.zip");
        int count = 0;
        long bytes = 0;
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            for (int c = 0; c < companies; c++)
            {
                string name = $"CIK{1000 + c:D10}.json";
                var json = Encoding.UTF8.GetBytes(CompanyFacts(c, out int n));
                count += n;
                bytes += json.Length;
                if (facts is not null) File.WriteAllBytes(Path.Combine(facts, name), json);
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(json);
            }
        }
        Console.WriteLine($"// {companies:N0} companies, {count:N0} facts, {bytes:N0} bytes of JSON, zip {new FileInfo(zipPath).Length:N0} bytes");
        return (facts, zipPath, count);
    }

    private static string CompanyFacts(int company, out int facts)
    {
        facts = 0;
        var sb = new StringBuilder();
        sb.Append("{\"cik\":").Append(1000 + company).Append(",\"entityName\":\"Company ").Append(company).Append("\",\"facts\":{\"us-gaap\":{");
        for (int k = 0; k < SecConcepts.Length; k++)
        {
            if (k > 0) sb.Append(',');
            sb.Append('"').Append(SecConcepts[k]).Append("\":{\"label\":\"").Append(SecConcepts[k]).Append("\",\"description\":\"A concept.\",\"units\":{\"USD\":[");
            bool first = true;
            for (int q = 0; q < 40; q++)
            {
                int year = 2014 + q / 4, quarter = q % 4 + 1;
                var start = new DateOnly(year, quarter * 3 - 2, 1);
                var end = start.AddMonths(3).AddDays(-1);
                // The quarter's own 10-Q, then the next year's filing, which restates it by one.
                Fact(sb, ref first, start, end, SecValue(company, k, q), $"0000{1000 + company}-{year % 100:D2}-{q:D6}", year, quarter, "10-Q", end.AddDays(35));
                Fact(sb, ref first, start, end, SecValue(company, k, q) + 1, $"0000{1000 + company}-{(year + 1) % 100:D2}-{q:D6}", year + 1, quarter, "10-Q", end.AddDays(400));
                facts += 2;
                if (quarter == 4)
                {
                    double total = 0;
                    for (int i = q - 3; i <= q; i++) total += SecValue(company, k, i) + 1;
                    Fact(sb, ref first, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), total, $"0000{1000 + company}-{(year + 1) % 100:D2}-9{q:D5}", year, 4, "10-K", end.AddDays(60));
                    facts++;
                }
            }
            sb.Append("]}}");
        }
        sb.Append("}}}");
        return sb.ToString();
    }

    private static void Fact(StringBuilder sb, ref bool first, DateOnly start, DateOnly end, double value, string accn, int fy, int fp, string form, DateOnly filed)
    {
        if (!first) sb.Append(',');
        first = false;
        sb.Append(CultureInfo.InvariantCulture,
            $"{{\"start\":\"{start:yyyy-MM-dd}\",\"end\":\"{end:yyyy-MM-dd}\",\"val\":{value.ToString("R", CultureInfo.InvariantCulture)},\"accn\":\"{accn}\",\"fy\":{fy},\"fp\":\"{(form == "10-K" ? "FY" : "Q" + fp)}\",\"form\":\"{form}\",\"filed\":\"{filed:yyyy-MM-dd}\"}}");
    }
}
