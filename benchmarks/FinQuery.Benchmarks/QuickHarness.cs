using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace FinQuery.Benchmarks;

/// <summary>
/// <c>-- --quick [substring | =Class.Method]</c>: a rough Stopwatch runner for profiling while developing. For each benchmark
/// method it reports the minimum thread CPU time per call over many batches (robust on a busy machine; parallel code is not measured fairly) and the bytes
/// allocated per call on the calling thread. The published figures come from BenchmarkDotNet, not from here.
/// </summary>
internal static class QuickHarness
{
    private static class Sink<T>
    {
        public static T? Value = default;
    }

    public static int Run(string[] args)
    {
        string filter = args.Length > 1 ? args[1] : "";
        var types = typeof(QuickHarness).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.Name);
        foreach (var type in types)
        {
            var methods = type.GetMethods()
                .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
                .Where(m => filter.Length == 0 || (filter[0] == '='
                    ? (type.Name + "." + m.Name).Equals(filter[1..], StringComparison.OrdinalIgnoreCase)
                    : (type.Name + "." + m.Name).Contains(filter, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (methods.Count == 0) continue;
            var instance = Activator.CreateInstance(type)!;
            type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
            Console.WriteLine(type.Name);
            foreach (var m in methods)
            {
                var sink = typeof(Sink<>).MakeGenericType(m.ReturnType).GetField("Value")!;
                var call = Expression.Lambda<Action>(Expression.Assign(Expression.Field(null, sink), Expression.Call(Expression.Constant(instance), m))).Compile();
                var (ns, bytes, gc) = Measure(call);
                Console.WriteLine($"  {m.Name,-40} {Format(ns),12}   {bytes,10:N0} B   {gc}");
            }
            type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null)?.Invoke(instance, null);
        }
        return 0;
    }

    private static string Format(double ns) => ns switch
    {
        < 1_000 => $"{ns:F2} ns",
        < 1_000_000 => $"{ns / 1_000:F2} µs",
        _ => $"{ns / 1_000_000:F2} ms",
    };

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of this thread (Linux), so that time spent descheduled on a busy machine does not count.</summary>
    private static long ThreadCpuNs()
    {
        const int ClockThreadCpuTime = 3;
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp() * (1_000_000_000 / Stopwatch.Frequency);
        ClockGetTime(ClockThreadCpuTime, out var t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    /// <summary>The best time per call, bytes allocated per call, and the collector's share: its pause time and collections per call.</summary>
    private static (double Ns, double Bytes, string Gc) Measure(Action call)
    {
        // Warm up through tiering, then size a batch to about 20 ms.
        var sw = Stopwatch.StartNew();
        int n = 0;
        while (sw.ElapsedMilliseconds < 1500 || n < 3) { call(); n++; }
        Thread.Sleep(100);
        sw.Restart();
        n = 0;
        while (sw.ElapsedMilliseconds < 200 || n < 3) { call(); n++; }
        long batch = Math.Max(1, (long)(n * 20.0 / Math.Max(1, sw.Elapsed.TotalMilliseconds)));
        double best = double.MaxValue;
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        var pauseBefore = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long calls = 0;
        var total = Stopwatch.StartNew();
        for (int b = 0; b < 25 && (b < 5 || total.ElapsedMilliseconds < 1500); b++)
        {
            long t0 = ThreadCpuNs();
            for (long i = 0; i < batch; i++) call();
            long t1 = ThreadCpuNs();
            calls += batch;
            best = Math.Min(best, (double)(t1 - t0) / batch);
        }
        double perCall = calls;
        string gc = $"GC pause {Format((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds * 1e6 / perCall)}/call, "
            + $"gen0/1/2 {(GC.CollectionCount(0) - gen0) / perCall:F2}/{(GC.CollectionCount(1) - gen1) / perCall:F2}/{(GC.CollectionCount(2) - gen2) / perCall:F2} per call";
        return (best, (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / perCall, gc);
    }
}
