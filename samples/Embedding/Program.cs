// Embedding FinQuery in a .NET app: load data, add a function of your own, bind a query once,
// evaluate it for many entities in parallel. Run: dotnet run --project samples/Embedding
using System.Collections.Concurrent;
using FinQuery;

// 1. Data: a file in the JSON format of docs/data-files.md ...
var meta = Dataset.LoadJson(Path.Combine(AppContext.BaseDirectory, "meta.json"));
Console.WriteLine($"Meta Q2 2023 revenue growth: {Query.Evaluate("yoy(revenue, 2023Q2)", meta).Display}");

// ... or your own source, through DatasetBuilder: here a universe of 1,000 companies with 12 quarters each.
var builder = new DatasetBuilder();
var random = new Random(42);
for (int i = 0; i < 1000; i++)
{
    string id = $"CO{i:D4}";
    builder.AddEntity(id, $"Company {i}", fiscalYearEndMonth: i % 4 == 0 ? 6 : 12);
    var revenue = new Dictionary<Period, double>();
    double level = 100e6 * (1 + random.NextDouble());
    for (var q = Period.OfQuarter(2021, 1); q <= Period.OfQuarter(2023, 4); q += 1)
    {
        level *= 0.95 + random.NextDouble() * 0.15;
        revenue[q] = Math.Round(level);
    }
    builder.AddSeries(id, "revenue", "USD", Aggregation.Sum, revenue);
}
var universe = builder.Build();

// 2. A function of your own, next to the built-ins.
var functions = FunctionRegistry.CreateDefault()
    .Register("rule_of_40", (growth, margin) => growth + margin, unit: "%",
        description: "growth plus margin, the SaaS rule of 40");

// 3. Parse and bind once: names, functions, types and units are resolved here, and errors come with a position.
if (!Query.TryParse("yoy(revenue, 2023Q4)", out var query, out var error))
{
    Console.WriteLine($"{error.Describe()}");
    return;
}
BoundQuery screen = query.Bind(universe, entity: "CO0000", functions: functions);

// 4. Evaluate many times: no parsing, no name lookups; a bound query is safe to share between threads.
var growth = new ConcurrentDictionary<string, QueryResult>();
Parallel.ForEach(universe.Entities, entity =>
{
    QueryResult r = screen.Evaluate(entity);
    if (!r.IsNa) growth[entity.Id] = r;
});
Console.WriteLine($"Screened {universe.Entities.Count} companies; the five fastest growers in 2023Q4:");
foreach (var (id, g) in growth.OrderByDescending(kv => kv.Value.Number).ThenBy(kv => kv.Key).Take(5))
    Console.WriteLine($"  {id}  {Query.Evaluate($"{id}.revenue[2023Q4]", universe).Display,14}  {g.Display,7}");

// 5. Results explain themselves, and NA says why.
var ruleOf40 = Query.Parse("rule_of_40(yoy(revenue, 2023Q4), 10%)").Bind(universe, "CO0001", functions).Evaluate();
Console.WriteLine($"Rule of 40 for CO0001: {ruleOf40.Display}");
var missing = Query.Evaluate("yoy(revenue, 2021Q2)", universe, "CO0001");
Console.WriteLine($"Growth before the data starts: {missing.Display} ({missing.NaKind})");
var explained = Query.Parse("sum(revenue, 2022)").Bind(meta).Explain();
Console.WriteLine($"Meta 2022 revenue: {explained.Display}, from:");
foreach (var entry in explained.Provenance!.Entries) Console.WriteLine($"  {entry}");
