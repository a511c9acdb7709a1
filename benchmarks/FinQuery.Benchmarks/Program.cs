using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FinQuery.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>dotnet run -c Release --project benchmarks/FinQuery.Benchmarks -- --filter '*'</c>;
    /// <c>-- --list flat</c> lists the benchmarks without running them; <c>-- --quick</c> and <c>-- --peak-memory</c>
    /// are the run modes of <see cref="QuickHarness"/> and <see cref="PeakMemory"/>.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--quick") return QuickHarness.Run(args);
        if (args.Length > 0 && args[0] == "--peak-memory") return PeakMemory.Run(args);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchConfig());
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}

/// <summary>
/// ShortRun (1 launch, 3 warm-up and 3 measured iterations) keeps the whole suite within minutes on the
/// 2-core reference machine; ratios are measured side by side in one run, as PERF.md asks.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        // FINQ_BENCH_IN_PROCESS=1 runs the same job inside this process: on a loaded machine the generated
        // project's build can exceed BenchmarkDotNet's two-minute build timeout.
        AddJob(Environment.GetEnvironmentVariable("FINQ_BENCH_IN_PROCESS") == "1"
            ? Job.ShortRun.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance)
            : Job.ShortRun);
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
        AddColumn(StatisticColumn.Median);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
