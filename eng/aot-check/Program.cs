using FinQuery;

// Loads data from JSON and CSV text, binds and evaluates queries of every result kind, explains one, and
// registers a custom function: the paths a host uses. Exit code 0 only when every answer is the expected one.
var json = """
    {"defaultEntity": "ACME", "entities": [{"id": "ACME", "series": [
      {"metric": "revenue", "unit": "USD", "aggregation": "sum",
       "values": {"2022Q1": 100, "2022Q2": 110, "2022Q3": 120, "2022Q4": 130, "2023Q1": 140, "2023Q2": 150}}]}]}
    """;
var csv = "entity,metric,period,value,unit,aggregation\nACME,revenue,2023Q3,160,USD,sum\n";
var data = Dataset.ParseJson(json, "aot.json");
var fromCsv = Dataset.ParseCsv(csv, "aot.csv");
var functions = FunctionRegistry.CreateDefault();
functions.Register("double_it", x => 2 * x);
var checks = new (string Query, string Expected)[]
{
    ("yoy(revenue, 2023Q2)", "+36.4%"),
    ("sum(revenue, 2022)", "460 USD"),
    ("revenue[2023Q1..]", "2023Q1: 140 USD, 2023Q2: 150 USD"),
    ("first(revenue > 125)", "2022Q4"),
    ("double_it(revenue[2023Q2])", "300 USD"),
    ("revenue[2019Q1]", "n/a: no revenue for 2019Q1"),
};
int failures = 0;
foreach (var (query, expected) in checks)
{
    string got = Query.Parse(query).Bind(data, functions: functions).Evaluate().Display;
    Console.WriteLine($"{query} = {got}");
    if (got != expected) { Console.WriteLine($"  expected {expected}"); failures++; }
}
var explained = Query.Parse("ttm(revenue, 2023Q2)").Bind(data).Explain();
Console.WriteLine($"ttm explained: {explained.Provenance!.Entries.Count} observations");
if (explained.Provenance.Entries.Count != 4) failures++;
string csvValue = Query.Evaluate("revenue[2023Q3]", fromCsv).Display;
Console.WriteLine($"csv: {csvValue}");
if (csvValue != "160 USD") failures++;
try
{
    Query.Parse("yoy(revenue,");
    failures++;
}
catch (FinQueryException ex)
{
    Console.WriteLine($"error: {ex.Describe()}");
}
Console.WriteLine(failures == 0 ? "AOT check: all good" : $"AOT check: {failures} failures");
return failures == 0 ? 0 : 1;
