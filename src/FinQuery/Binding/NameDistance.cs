namespace FinQuery.Evaluation;

/// <summary>How far apart two names are, for "did you mean" suggestions (the binder's and the command line's).</summary>
internal static class NameDistance
{
    /// <summary>The edit (Levenshtein) distance; <see cref="int.MaxValue"/> for names over 64 characters.</summary>
    public static int Between(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
