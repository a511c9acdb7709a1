using System.Runtime.CompilerServices;
using FinQuery.Syntax;
using Xunit;

namespace FinQuery.Tests.Syntax;

/// <summary>
/// <see cref="StackGuard"/> answers from what the runtime said before on the same thread: it must say what the runtime
/// says at every depth, going down to where the stack runs short and coming back up.
/// </summary>
public class StackGuardTests
{
    [Fact]
    public void Answers_as_the_runtime_does_at_every_depth_down_and_up()
    {
        var disagreements = new List<string>();
        int deepest = 0;
        var thread = new Thread(() => Descend(0, disagreements, ref deepest), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Empty(disagreements);
        // The walk reached the point where the runtime says no (so both answers were checked there too).
        Assert.True(deepest > 10, $"only {deepest} levels");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Descend(int depth, List<string> disagreements, ref int deepest)
    {
        // A few hundred bytes of stack per level.
        Span<byte> frame = stackalloc byte[512];
        frame[depth % 512] = 1;
        Compare(depth, "down", disagreements);
        deepest = Math.Max(deepest, depth);
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack() && disagreements.Count == 0) Descend(depth + 1, disagreements, ref deepest);
        Compare(depth, "up", disagreements);
        GC.KeepAlive(frame[0]);
    }

    private static void Compare(int depth, string way, List<string> disagreements)
    {
        bool guard = StackGuard.IsSufficient();
        bool runtime = RuntimeHelpers.TryEnsureSufficientExecutionStack();
        if (guard != runtime) disagreements.Add($"{way} at depth {depth}: guard {guard}, runtime {runtime}");
    }

    [Fact]
    public void Each_thread_keeps_its_own_answer()
    {
        // A thread with a large stack, then one with a small stack: the second must still find where its own runs short.
        bool bigDeep = false, smallDeep = true;
        var big = new Thread(() => bigDeep = DeepestSufficient(2_000), 16 * 1024 * 1024);
        big.Start();
        big.Join();
        var small = new Thread(() => smallDeep = DeepestSufficient(2_000), 256 * 1024);
        small.Start();
        small.Join();
        Assert.True(bigDeep);
        Assert.False(smallDeep);
    }

    /// <summary>Whether the guard still says yes <paramref name="levels"/> levels (about 0.5 KB each) down.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool DeepestSufficient(int levels)
    {
        Span<byte> frame = stackalloc byte[512];
        frame[levels % 512] = 1;
        if (!StackGuard.IsSufficient()) return false;
        bool result = levels == 0 || DeepestSufficient(levels - 1);
        GC.KeepAlive(frame[0]);
        return result;
    }
}
