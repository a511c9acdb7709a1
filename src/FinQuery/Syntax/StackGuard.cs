using System.Runtime.CompilerServices;

namespace FinQuery.Syntax;

/// <summary>
/// <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/> without its cost where it has already answered: the
/// runtime's check reads the thread's stack bounds (a call into the runtime and a thread-local lookup), which costs
/// more than parsing or binding a node, and a cold query makes it at the same few stack depths every time.
/// </summary>
/// <remarks>
/// A thread's stack does not move or shrink, and the stack grows down: if there was enough stack below an address,
/// there is at least as much below any address above it. So each thread keeps the lowest address at which the runtime
/// said yes, and a check made there or above it is answered without asking again.
/// </remarks>
internal static class StackGuard
{
    /// <summary>
    /// How many levels a recursive walk (the parser, the binder, the lowerer) may go down between two checks: few
    /// enough, at a few KB of stack per level, to stay well within the margin the runtime's check guarantees.
    /// </summary>
    private const int CheckEvery = 8;

    // The lowest stack address of this thread at which the runtime's check succeeded; 0 before the first.
    [ThreadStatic] private static nuint t_sufficientFrom;

    /// <summary>Whether there is enough stack left to go deeper, as <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/> says.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool IsSufficient()
    {
        byte marker = 0;
        nuint here = (nuint)(&marker);
        nuint known = t_sufficientFrom;
        return (known != 0 && here >= known) || Check(here);
    }

    /// <summary>
    /// Whether a walk at <paramref name="level"/> levels down (0 at its top) may go deeper: checked at the top and every
    /// <see cref="CheckEvery"/> levels below it, answered yes in between.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSufficientAt(int level) => level % CheckEvery != 0 || IsSufficient();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Check(nuint here)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) return false;
        t_sufficientFrom = here;
        return true;
    }
}
