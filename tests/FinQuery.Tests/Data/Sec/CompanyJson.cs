using System.Globalization;
using System.Text;

namespace FinQuery.Tests.Data.Sec;

/// <summary>Writes a synthetic company facts file in the SEC's shape.</summary>
internal sealed class CompanyJson(long cik, string name = "Synthetic Corp.")
{
    private readonly List<(string Taxonomy, string Concept, string Unit, DateOnly? Start, DateOnly End, double Value, string Form, DateOnly Filed, string Accession)> _facts = [];

    public CompanyJson Add(string concept, string unit, DateOnly? start, DateOnly end, double value,
        string form = "10-Q", DateOnly? filed = null, string? accession = null, string taxonomy = "us-gaap")
    {
        var f = filed ?? end.AddDays(30);
        _facts.Add((taxonomy, concept, unit, start, end, value, form, f, accession ?? $"0000000000-{f.Year % 100:D2}-{f.DayOfYear:D6}"));
        return this;
    }

    public CompanyJson Duration(string concept, string start, string end, double value, string form = "10-Q", string? filed = null, string unit = "USD") =>
        Add(concept, unit, DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture), value, form,
            filed is null ? null : DateOnly.Parse(filed, CultureInfo.InvariantCulture));

    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{{\"cik\":{cik},\"entityName\":\"{name}\",\"facts\":{{");
        bool firstTax = true;
        foreach (var tax in _facts.GroupBy(f => f.Taxonomy))
        {
            if (!firstTax) sb.Append(',');
            firstTax = false;
            sb.Append(inv, $"\"{tax.Key}\":{{");
            bool firstConcept = true;
            foreach (var concept in tax.GroupBy(f => f.Concept))
            {
                if (!firstConcept) sb.Append(',');
                firstConcept = false;
                sb.Append(inv, $"\"{concept.Key}\":{{\"label\":\"{concept.Key} label\",\"description\":\"d\",\"units\":{{");
                bool firstUnit = true;
                foreach (var unit in concept.GroupBy(f => f.Unit))
                {
                    if (!firstUnit) sb.Append(',');
                    firstUnit = false;
                    sb.Append(inv, $"\"{unit.Key}\":[");
                    sb.AppendJoin(',', unit.Select(f =>
                        (f.Start is { } s ? string.Create(inv, $"{{\"start\":\"{s:yyyy-MM-dd}\",") : "{")
                        + string.Create(inv, $"\"end\":\"{f.End:yyyy-MM-dd}\",\"val\":{f.Value.ToString("R", inv)},\"accn\":\"{f.Accession}\",\"fy\":2099,\"fp\":\"Q9\",\"form\":\"{f.Form}\",\"filed\":\"{f.Filed:yyyy-MM-dd}\"}}")));
                    sb.Append(']');
                }
                sb.Append("}}");
            }
            sb.Append('}');
        }
        sb.Append("}}");
        return sb.ToString();
    }

    public Dataset Load()
    {
        using var folder = new SecTestData.TempFolder();
        return Dataset.Load(folder.File($"CIK{cik:D10}.json", ToString()));
    }
}
