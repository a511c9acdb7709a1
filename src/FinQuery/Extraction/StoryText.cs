namespace FinQuery.Extraction;

/// <summary>A sentence of a story: where it stands, and its text with spaces tidied.</summary>
internal readonly record struct Sentence(int Start, int End);

/// <summary>Checking a story's text, telling its language, and cutting it into sentences and clauses.</summary>
internal static class StoryText
{
    /// <summary>The most text <c>finq extract</c> reads: a long feature is under 100,000 characters.</summary>
    public const int MaxLength = 1_000_000;

    /// <summary>Why the text cannot be a story, or null when it can.</summary>
    public static string? Problem(string text)
    {
        if (text.Length > MaxLength) return $"the text is {text.Length:N0} characters long; the limit is {MaxLength:N0}";
        if (string.IsNullOrWhiteSpace(text)) return "the text is empty";
        int control = 0, replacement = 0;
        foreach (char c in text)
        {
            if (c == '\0') return "the text looks binary (it contains NUL characters), not a story";
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')) control++;
            if (c == '\uFFFD') replacement++;
        }
        if (control + replacement > Math.Max(8, text.Length / 50)) return "the text looks binary (many control or undecodable characters), not a story";
        return null;
    }

    /// <summary>
    /// The language among <paramref name="candidates"/> whose stopwords make up the largest share of the
    /// text's words, if that share is at least 8% (one word in a text under 40 words) and clearly ahead of the next
    /// (a text in another language scores low on both); null otherwise.
    /// </summary>
    public static (string? Language, string Evidence) DetectLanguage(string text, IReadOnlyList<Lexicon> candidates)
    {
        var words = Words.Split(text.Length > 200_000 ? text[..200_000] : text);
        var scores = candidates.Select(l => (l.Language, Share: words.Count == 0 ? 0 : words.Count(w => l.Stopwords.Contains(w.Text)) / (double)words.Count))
            .OrderByDescending(s => s.Share).ToList();
        var evidence = string.Join(", ", scores.Select(s => $"{s.Language} {s.Share:P0}"));
        // A short text has few common words: one is enough, if it is clearly ahead.
        double floor = words.Count >= 40 ? 0.08 : 1.0 / Math.Max(1, words.Count);
        if (scores.Count == 0 || scores[0].Share < floor - 1e-12) return (null, evidence);
        if (scores.Count > 1 && scores[1].Share * 1.5 >= scores[0].Share) return (null, evidence);
        return (scores[0].Language, evidence);
    }

    /// <summary>
    /// Sentences end at a line break, or at '.', '!', '?' or '…' followed by a space and a capital letter
    /// (after optional quotes or asterisks); not after a single capital ("U.S.", "J. Smith"), and not before a
    /// digit, so "sera américain. 2,98 $" stays one sentence.
    /// </summary>
    public static List<Sentence> Sentences(string text)
    {
        var list = new List<Sentence>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\n' or '\r')
            {
                Add(list, text, start, i);
                start = i + 1;
                continue;
            }
            if (c is not ('.' or '!' or '?' or '…')) continue;
            int j = i + 1;
            if (j >= text.Length || !FigureReader.IsSpace(text[j])) continue;
            while (j < text.Length && FigureReader.IsSpace(text[j])) j++;
            while (j < text.Length && text[j] is '"' or '«' or '“' or '*' or '\'' or '(' or ' ') j++;
            if (j >= text.Length || !char.IsUpper(text[j])) continue;
            if (c == '.' && i >= 1 && char.IsUpper(text[i - 1]) && (i == 1 || !char.IsLetter(text[i - 2]))) continue;
            Add(list, text, start, i + 1);
            start = i + 1;
        }
        Add(list, text, start, text.Length);
        return list;
    }

    private static void Add(List<Sentence> list, string text, int start, int end)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] is '*' or '•')) start++;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is '*')) end--;
        if (end > start) list.Add(new Sentence(start, end));
    }

    /// <summary>
    /// Where the clauses of a sentence begin: after ',', ';', ':', a parenthesis or a dash between spaces,
    /// except inside a figure ("1,234", "2,98").
    /// </summary>
    public static int[] ClauseStarts(string text, Sentence sentence, IReadOnlyList<Figure> figures)
    {
        var starts = new List<int> { sentence.Start };
        for (int i = sentence.Start; i < sentence.End; i++)
        {
            char c = text[i];
            bool boundary = c is ',' or ';' or ':' or '(' or ')' or '…'
                || (c == '.' && i + 1 < sentence.End && text[i + 1] == '.')
                || (c is '—' or '–' or '-' && i > 0 && i + 1 < text.Length && text[i - 1] == ' ' && text[i + 1] == ' ');
            if (boundary && !figures.Any(f => i >= f.Start && i < f.End)) starts.Add(i + 1);
        }
        return starts.ToArray();
    }

    /// <summary>The clause (index into <paramref name="starts"/>) a position falls in.</summary>
    public static int ClauseOf(int[] starts, int position)
    {
        int k = Array.BinarySearch(starts, position);
        return k >= 0 ? k : ~k - 1;
    }

    /// <summary>The sentence as quoted in a comment: one line, spaces collapsed.</summary>
    public static string Quote(string text, Sentence s)
    {
        var chars = new System.Text.StringBuilder();
        bool space = false;
        for (int i = s.Start; i < s.End; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || FigureReader.IsSpace(c))
            {
                if (!space && chars.Length > 0) chars.Append(' ');
                space = true;
                continue;
            }
            space = false;
            chars.Append(c);
        }
        return chars.ToString();
    }
}
