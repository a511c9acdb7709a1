using System.Diagnostics;
using System.Globalization;

namespace FinQuery.Benchmarks;

/// <summary>
/// <c>-- --peak-memory [companies]</c> (issue 15): loads a generated <c>companyfacts.zip</c> of 2,000 companies (or
/// the number given) once and prints the managed heap's peak during the load against what the loaded dataset keeps.
/// BenchmarkDotNet cannot measure a peak, so this is its own run mode, in a fresh process:
/// <list type="bullet">
/// <item>kept: <see cref="GC.GetTotalMemory(bool)"/> after full collections, with the dataset held, minus the same before the load;</item>
/// <item>peak: the largest heap size seen during the load, minus the same baseline. A sampling thread reads the heap
/// size (<see cref="GC.GetTotalMemory(bool)"/> without collecting) about every millisecond and, for every
/// collection it sees, the heap size just before that collection (<see cref="GCMemoryInfo"/> of the collection:
/// the sum of its generations' sizes before it). Garbage counts until it is collected, so this is the memory the
/// process really needed, not only what was reachable;</item>
/// <item>the process's peak resident set (VmHWM) before and after the load, runtime and native buffers included.</item>
/// </list>
/// Target: peak ≤ 2× kept. The loader holds one archive entry's bytes at a time (a buffer reused for every entry).
/// </summary>
internal static class PeakMemory
{
    public static int Run(string[] args)
    {
        int companies = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var files = LoadingFiles.Create("peak");
        try
        {
            var (_, zip, facts) = files.WriteCompanyFacts(companies, folder: false);
            // JIT the loader on a small archive first, so that code is not counted as the load's.
            var small = LoadingFiles.Create("peak-warmup");
            Dataset.Load(small.WriteCompanyFacts(5, folder: false).Zip, DataLoadOptions.Default);
            small.Delete();

            long before = GC.GetTotalMemory(forceFullCollection: true);
            long residentBefore = PeakResident();
            var sampler = new Sampler(before);
            var thread = new Thread(sampler.Run) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            thread.Start();
            var clock = Stopwatch.StartNew();
            var data = Dataset.Load(zip, DataLoadOptions.Default);
            clock.Stop();
            sampler.Done = true;
            thread.Join();
            long peak = Math.Max(sampler.Peak, GC.GetTotalMemory(forceFullCollection: false));
            long kept = GC.GetTotalMemory(forceFullCollection: true) - before;
            long residentAfter = PeakResident();
            if (data.Entities.Count != companies) throw new InvalidOperationException("wrong company count");
            GC.KeepAlive(data);

            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"// load: {clock.ElapsedMilliseconds:N0} ms; collections during it: gen0 {sampler.Gen0}, gen1 {sampler.Gen1}, gen2 {sampler.Gen2}; {sampler.Samples:N0} samples"));
            Console.WriteLine(string.Create(inv, $"kept after load:  {kept / 1e6,8:F1} MB ({kept / (double)facts:F0} B per fact)"));
            Console.WriteLine(string.Create(inv, $"peak during load: {(peak - before) / 1e6,8:F1} MB = {(peak - before) / (double)kept:F2}× kept (target ≤ 2×)"));
            Console.WriteLine(string.Create(inv, $"peak resident set of the process: {residentBefore / 1e6:F1} MB before the load, {residentAfter / 1e6:F1} MB after"));
            return 0;
        }
        finally
        {
            files.Delete();
        }
    }

    private sealed class Sampler(long baseline)
    {
        public volatile bool Done;
        public long Peak = baseline;
        public int Gen0, Gen1, Gen2, Samples;
        private long _lastGc = -1;

        public void Run()
        {
            int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
            while (!Done)
            {
                Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: false));
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                if (info.Index != _lastGc)
                {
                    _lastGc = info.Index;
                    long beforeGc = 0;
                    foreach (var g in info.GenerationInfo) beforeGc += g.SizeBeforeBytes;
                    Peak = Math.Max(Peak, beforeGc);
                }
                Samples++;
                Thread.Sleep(1);
            }
            (Gen0, Gen1, Gen2) = (GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2);
        }
    }

    /// <summary>VmHWM of /proc/self/status in bytes (Linux); the process's peak working set elsewhere.</summary>
    private static long PeakResident()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }
}
