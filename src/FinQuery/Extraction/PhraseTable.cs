namespace FinQuery.Extraction;

/// <summary>Lexicon phrases by their first word, longest first, for longest-match lookup over a story's words.</summary>
internal sealed class PhraseTable<T>
{
    private readonly Dictionary<string, List<(string[] Words, T Tag)>> _byFirst = new(StringComparer.Ordinal);

    public void Add(string phrase, T tag)
    {
        var words = Words.OfPhrase(phrase);
        if (words.Length == 0) return;
        if (!_byFirst.TryGetValue(words[0], out var list)) _byFirst[words[0]] = list = [];
        list.Add((words, tag));
        list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    /// <summary>The longest phrase that starts at <paramref name="index"/>, and how many words it covers.</summary>
    public bool TryMatch(IReadOnlyList<Word> words, int index, Func<int, bool> usable, out T tag, out int length)
    {
        tag = default!;
        length = 0;
        if (index < 0 || index >= words.Count) return false;
        var w = words[index].Text;
        int best = 0;
        T found = default!;
        foreach (var key in Keys(w))
        {
            if (!_byFirst.TryGetValue(key, out var list)) continue;
            foreach (var (phrase, t) in list)
            {
                if (phrase.Length <= best) break;
                if (index + phrase.Length > words.Count) continue;
                bool ok = true;
                for (int k = 0; k < phrase.Length && ok; k++)
                    ok = usable(index + k) && Words.Matches(words[index + k].Text, phrase[k]);
                if (ok)
                {
                    best = phrase.Length;
                    found = t;
                    break;
                }
            }
        }
        tag = found;
        length = best;
        return best > 0;
    }

    private static IEnumerable<string> Keys(string word)
    {
        yield return word;
        if (word.Length > 1 && word[^1] == 's') yield return word[..^1];
    }
}
