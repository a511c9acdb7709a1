using System.Diagnostics;
using System.Globalization;
using System.Text;
using FinQuery.Tests.Evaluation;

namespace FinQuery.Tests.Robustness;

/// <summary>
/// Culture (issue 6): the library, under <see cref="CultureInfo.CurrentCulture"/> de-DE, fr-FR, tr-TR and ar-SA,
/// and the CLI, under <c>LANG</c>/<c>LC_ALL</c> of the same cultures, produce output byte-identical to the
/// invariant culture's: results, display text, NA reasons, error messages, provenance, data-file errors.
/// </summary>
public class CultureTests
{
    public static readonly TheoryData<string> Cultures = new() { "de-DE", "fr-FR", "tr-TR", "ar-SA" };

    /// <summary>Queries beyond the case file where a culture could leak in: Turkish 'I', decimal commas, minus signs, digits.</summary>
    private static readonly string[] Extra =
    [
        "SUM(REVENUE, 2022)", "Revenue[2023Q2] * -1.5", "IF(true, -0.5, 1)", "ACME.REVENUE[FY2023Q2]", "DAYS_BETWEEN(fy2023, FY2024)", "yoy(EBIT)",
        "lag(revenue, 1.5)", "lag(revenue, -200000)", "2023Q1 + 0.5", "2023Q1 - 1e300", "-1234567.891", "0.000001234", "-1e20", "1e308 * 10",
        "revenue[2023Q2] / 7", "-revenue", "round(revenue / 3, 3)", "-12.5%", "2023Q1 = 2023", "FY2023 < 2023Q1", "ımport", "İF(true, 1, 2)",
        "let x = revenue; x[2023Q2] * 1,5", "sum(revenue, 2021..2022,5)", "1٫5", "١٢٣", "revenue[2023Q2] * 1.5e-7",
    ];

    private static IEnumerable<string> AllQueries => CaseFile.Read("functions.cases").Select(c => (string)c[0]).Concat(Extra);

    /// <summary>Everything the library shows for one query, parsed, bound and evaluated in the current culture.</summary>
    private static string Observe(string text, Dataset data)
    {
        var sb = new StringBuilder(text).Append(" ⇒ ");
        try
        {
            var query = Query.Parse(text);
            sb.Append(query).Append(" ⇒ ");
            var bound = query.Bind(data);
            var result = bound.Explain();
            sb.Append(Guard.Render(result)).Append(" | ").Append(result.Provenance).Append(" | ")
              .Append(string.Join(", ", result.Provenance!.Entries.Select(e => e.ToString())));
        }
        catch (FinQueryException ex)
        {
            sb.Append(ex.Describe()).Append(string.Create(CultureInfo.InvariantCulture, $" {ex.Start}+{ex.Length}"));
        }
        return sb.ToString();
    }

    private static string ObserveAll(Dataset data) => string.Join("\n", AllQueries.Select(q => Observe(q, data)));

    [Fact]
    public void The_cultures_under_test_really_differ_from_the_invariant_culture()
    {
        // Without ICU (invariant globalization mode) the other tests here would prove nothing.
        Assert.Equal(",", CultureInfo.GetCultureInfo("de-DE").NumberFormat.NumberDecimalSeparator);
        Assert.Equal(",", CultureInfo.GetCultureInfo("fr-FR").NumberFormat.NumberDecimalSeparator);
        Assert.NotEqual("i", "I".ToLower(CultureInfo.GetCultureInfo("tr-TR")));
        Assert.NotEqual("-", CultureInfo.GetCultureInfo("ar-SA").NumberFormat.NegativeSign);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void The_library_gives_the_same_text_in_every_culture(string culture)
    {
        string invariant = FuzzProperties.InCulture(CultureInfo.InvariantCulture, () => ObserveAll(CaseFile.TestData));
        string local = FuzzProperties.InCulture(CultureInfo.GetCultureInfo(culture), () => ObserveAll(CaseFile.TestData));
        AssertSameLines(invariant, local, culture);
    }

    private const string Csv = "entity,metric,variant,period,value,unit,scale,aggregation\n"
        + "A,x,actual,2023Q1,1.5,USD,1e6,sum\nA,x,actual,2023Q2,-2.25,USD,1e6,sum\nA,x,actual,2023,10.125,USD,1e6,sum\nA,y,consensus,2023-07-05,1234567.5,,0.001,\n";

    private static readonly string[] BadCsv =
    [
        "entity,metric,period,value\nA,x,2023Q1,\"1,5\"\n",
        "entity,metric,period,value,scale\nA,x,2023Q1,1,1.5\nA,x,2023Q2,1,2.5\n",
        "entity,metric,period,value,scale\nA,x,2023Q1,1e300,1e10\n",
        "entity,metric,period,value\nA,x,2023,1\nA,x,FY2023,2\n",
        "entity,metric,period,value,fiscalYearEndMonth\nA,x,2023,1,-6\n",
        "entity,metric,period,value\nA,x,2023W05,1\n",
    ];

    private static readonly string[] BadJson =
    [
        """{"entities": [{"id": "A", "series": [{"metric": "x", "scale": 1e10, "values": {"2023Q2": 1.5e300}}]}]}""",
        """{"entities": [{"id": "A", "fiscalYearEndMonth": -6.5}]}""",
        """{"entities": [{"id": "A", "series": [{"metric": "x", "values": {"2023Q2": -1.5, "FY2023Q2": 2}}]}]}""",
        "{\"entities\": [{\"id\": \"Ä\",,}]}",
    ];

    private static string LoadAll()
    {
        var sb = new StringBuilder();
        var data = Dataset.ParseCsv(Csv, "c.csv");
        foreach (var s in data.Entities.SelectMany(e => e.Series))
            foreach (var f in Enum.GetValues<Frequency>())
                foreach (var (p, v) in s.ValuesAt(f))
                    sb.Append(s).Append(' ').Append(p).Append('=').Append(BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(ObserveAll(Dataset.ParseJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "meta-q2-2023", "meta.json")))));
        foreach (var bad in BadCsv) sb.Append(Assert.Throws<DataFileException>(() => Dataset.ParseCsv(bad, "bad.csv")).Message).Append('\n');
        foreach (var bad in BadJson) sb.Append(Assert.Throws<DataFileException>(() => Dataset.ParseJson(bad, "bad.json")).Message).Append('\n');
        sb.Append(Period.Parse("fy2023q2")).Append(' ').Append(PeriodRange.TryParse("FY2021..2023-07-05", out var r) ? r.ToString() : "?");
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Loading_data_gives_the_same_values_and_errors_in_every_culture(string culture)
    {
        string invariant = FuzzProperties.InCulture(CultureInfo.InvariantCulture, LoadAll);
        string local = FuzzProperties.InCulture(CultureInfo.GetCultureInfo(culture), LoadAll);
        AssertSameLines(invariant, local, culture);
    }

    private static void AssertSameLines(string expected, string actual, string culture)
    {
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int i = 0;
        while (i < Math.Min(e.Length, a.Length) && e[i] == a[i]) i++;
        Assert.Fail($"{culture} differs from the invariant culture at line {i + 1}:\n  invariant: {(i < e.Length ? e[i] : "(end)")}\n  {culture}: {(i < a.Length ? a[i] : "(end)")}");
    }

    // ---------- the CLI, as a process ----------

    private static readonly string OutputDir = AppContext.BaseDirectory;

    /// <summary>Runs <c>dotnet finq.dll</c> with the locale set through the environment, as a user's shell would.</summary>
    private static (int Code, byte[] Out, string Err) Finq(string? locale, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = OutputDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(OutputDir, "finq.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var name in new[] { "LANG", "LC_ALL", "LC_NUMERIC", "LC_MESSAGES", "LANGUAGE" }) psi.Environment.Remove(name);
        if (locale is not null)
        {
            psi.Environment["LANG"] = locale;
            psi.Environment["LC_ALL"] = locale;
        }
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var err = process.StandardError.ReadToEndAsync();
        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"finq {string.Join(' ', args)} under {locale} did not finish within 60 s");
        }
        return (process.ExitCode, stdout.ToArray(), err.GetAwaiter().GetResult());
    }

    private static readonly string[] Locales = ["de_DE.UTF-8", "fr_FR.UTF-8", "tr_TR.UTF-8", "ar_SA.UTF-8"];

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    [Fact]
    public void The_CLI_prints_the_same_bytes_whatever_LANG_says()
    {
        string testData = Path.Combine(OutputDir, "Evaluation", "Cases", "testdata.json");
        string claims = Path.Combine("samples", "meta-q2-2023", "claims.fq");
        var evalArgs = new List<string> { "eval", "--json", "--explain", "--data", testData };
        evalArgs.AddRange(AllQueries);
        var commands = new[] { evalArgs.ToArray(), ["run", claims] };

        foreach (var args in commands)
        {
            // Ten launches in all; the locales of one command run side by side.
            var runs = new[] { "C.UTF-8" }.Concat(Locales).Select(locale => Task.Run(() => Finq(locale, args))).ToArray();
            var baseline = Wait(runs[0]);
            Assert.True(baseline.Out.Length > 1000, $"finq {args[0]} printed only: {Encoding.UTF8.GetString(baseline.Out)} {baseline.Err}");
            Assert.True(baseline.Code is 0 or 1, baseline.Err);
            for (int i = 0; i < Locales.Length; i++)
            {
                string locale = Locales[i];
                var run = Wait(runs[i + 1]);
                Assert.Equal(baseline.Code, run.Code);
                Assert.Equal(baseline.Err, run.Err);
                if (!baseline.Out.AsSpan().SequenceEqual(run.Out))
                    AssertSameLines(Encoding.UTF8.GetString(baseline.Out), Encoding.UTF8.GetString(run.Out), $"finq {args[0]} under LANG={locale}");
            }
        }
    }
}
