using System.Globalization;

namespace FinQuery.Extraction;

/// <summary>A figure as written in a story, read into a number with its unit and written precision.</summary>
internal sealed record Figure(int Start, int End, string Text, decimal Mantissa, int Decimals, double Scale, bool Percent, string? Currency)
{
    /// <summary>The number the text states: the mantissa times its scale (a ratio for a percent: 11 % is 0.11).</summary>
    public double Value => (double)Mantissa * Scale / (Percent ? 100 : 1);

    /// <summary>One unit of the last written digit, in the figure's own terms (0.01 for "11 %", 1e7 for "3,73 milliards").</summary>
    public double Precision => Math.Pow(10, -Decimals) * Scale / (Percent ? 100 : 1);

    /// <summary>The unit: a currency code, <c>%</c>, or empty for a plain number.</summary>
    public string Unit => Percent ? "%" : Currency ?? "";

    /// <summary>The figure as a FinQuery number literal keeping its written digits: <c>31.06B</c>, <c>11%</c>, <c>71469</c>.</summary>
    public string Literal(bool negate)
    {
        var (mantissa, suffix) = Suffixed();
        var digits = mantissa.ToString("F" + Decimals, CultureInfo.InvariantCulture);
        return (negate ? "-" : "") + digits + suffix;
    }

    private (decimal Mantissa, string Suffix) Suffixed()
    {
        if (Percent) return (Mantissa, "%");
        foreach (var (scale, suffix) in Suffixes)
        {
            if (Scale == scale) return (Mantissa, suffix);
        }
        return (Mantissa * (decimal)Scale, "");
    }

    private static readonly (double Scale, string Suffix)[] Suffixes = [(1, ""), (1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")];
}

/// <summary>
/// Finds the figures of a sentence as journalists write them, in one language's conventions: decimal commas or
/// points, thousands separated by spaces (also no-break and narrow no-break), commas or points, scale words
/// (<c>milliards</c>, <c>billion</c>, <c>bn</c>, <c>M</c>), currencies before or after (<c>$</c>, <c>dollars US</c>,
/// <c>USD</c>), percent with or without a space. Bare whole numbers under 1,000 and years are not figures:
/// they are ordinals, counts of days, model names ("Llama 2") or periods.
/// </summary>
internal static class FigureReader
{
    public static List<Figure> Read(string text, Lexicon lexicon, int start = 0, int end = -1)
    {
        if (end < 0) end = text.Length;
        var figures = new List<Figure>();
        int i = start;
        while (i < end)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > start && IsGlued(text, i)))
            {
                i++;
                continue;
            }
            if (TryRead(text, i, end, lexicon, out var figure, out int next))
            {
                figures.Add(figure);
                i = next;
            }
            else
            {
                i = next;
            }
        }
        return figures;
    }

    // A digit right after a letter, a digit or a letter-hyphen is part of a word or a code ("Q2", "GPT-4", "MetaQ2").
    private static bool IsGlued(string text, int i)
    {
        char before = text[i - 1];
        if (char.IsLetterOrDigit(before) && !IsCurrencyChar(before)) return !EndsWithCurrencyWord(text, i);
        if ((before is '-' or '_' or '/' or '.' or ',') && i >= 2 && char.IsLetterOrDigit(text[i - 2])) return true;
        return false;
    }

    private static bool IsCurrencyChar(char c) => c is '$' or '€' or '£' or '¥';

    // "US$32" or "USD32": letters that are a currency right before the digits.
    private static bool EndsWithCurrencyWord(string text, int i) =>
        (i >= 3 && text.AsSpan(i - 3, 3) is "USD" or "EUR" or "GBP" or "CNY" or "JPY" or "CHF" && (i == 3 || !char.IsLetter(text[i - 4])));

    private static bool TryRead(string text, int i, int end, Lexicon lexicon, out Figure figure, out int next)
    {
        figure = null!;
        if (!TryNumber(text, i, end, lexicon, out decimal mantissa, out int decimals, out bool grouped, out int numberEnd))
        {
            next = SkipDigits(text, i, end);
            return false;
        }
        next = numberEnd;
        int figStart = i;
        // Currency before: "$32", "US$ 32", "USD 32".
        string? currency = null;
        int p = i;
        while (p > 0 && IsSpace(text[p - 1])) p--;
        if (TryCurrencyBefore(text, p, lexicon, out var code, out int curStart))
        {
            currency = code;
            figStart = curStart;
        }
        // A sign written as such: "-3.5%", "−$3B", "+11%".
        int signAt = figStart - 1;
        bool negative = false;
        if (signAt >= 0 && text[signAt] is '-' or '\u2212' or '+' && (signAt == 0 || !char.IsLetterOrDigit(text[signAt - 1])))
        {
            negative = text[signAt] != '+';
            figStart = signAt;
        }

        int q = numberEnd;
        double scale = 1;
        bool percent = false;
        int figEnd = numberEnd;
        int afterSpace = SkipSpaces(text, q, end);
        if (MatchAt(text, afterSpace, end, lexicon.PercentWords, out int pctEnd) >= 0)
        {
            percent = true;
            figEnd = pctEnd;
        }
        else
        {
            if (MatchScale(text, afterSpace, end, lexicon, out double s, out int scaleEnd))
            {
                scale = s;
                figEnd = scaleEnd;
            }
            // A hundredth of a currency: "95 cents" is 0.95 USD, written to the cent.
            else if (currency is null && MatchAt(text, afterSpace, end, lexicon.Subunits.Select(x => x.Text), out int subEnd) is int sub and >= 0)
            {
                currency = lexicon.Subunits[sub].Code;
                mantissa /= 100;
                decimals += 2;
                figEnd = subEnd;
            }
            // After the number or its scale: [connector] currency [qualifier] — "milliards de dollars américains", "2,98 $ US".
            if (currency is null)
            {
                int c = SkipSpaces(text, figEnd, end);
                int connectorEnd = c;
                var word = WordAt(text, c, end);
                if (word is not null && lexicon.Connectors.Contains(Words.FoldAll(word))) connectorEnd = SkipSpaces(text, SkipApostrophe(text, c + word.Length, end), end);
                foreach (var at in connectorEnd == c ? new[] { c } : [connectorEnd, c])
                {
                    int k = MatchAt(text, at, end, lexicon.Currencies.Select(x => x.Text), out int curEnd);
                    // A symbol glued to digits is the next figure's: "a record since 2021 of $21.5 billion".
                    if (k >= 0 && curEnd < end && char.IsAsciiDigit(text[curEnd]) && !char.IsLetter(text[curEnd - 1])) continue;
                    if (k >= 0)
                    {
                        currency = lexicon.Currencies[k].Code;
                        figEnd = curEnd;
                        break;
                    }
                }
            }
            if (currency is not null)
            {
                int qa = SkipSpaces(text, figEnd, end);
                if (MatchAt(text, qa, end, lexicon.CurrencyQualifiers, out int qEnd) >= 0) figEnd = qEnd;
            }
        }

        bool quantity = percent || currency is not null || scale != 1;
        if (!quantity)
        {
            // A bare number: a figure when it has decimals or thousands, or is 1,000 or more and not a year.
            bool yearLike = !grouped && decimals == 0 && mantissa is >= 1800 and <= 2199 && numberEnd - i == 4;
            if (yearLike || (decimals == 0 && !grouped && mantissa < 1000)) return false;
            // A number glued to letters after it ("2Q23", "4e") is a code or an ordinal.
            if (numberEnd < end && char.IsLetter(text[numberEnd])) return false;
        }
        if (negative) mantissa = -mantissa;
        next = figEnd;
        figure = new Figure(figStart, figEnd, text[figStart..figEnd], mantissa, decimals, scale, percent, currency);
        return true;
    }

    /// <summary>
    /// Reads digits with separators. Spaces (any kind; plain spaces only where the decimal mark is a comma)
    /// and apostrophes separate thousands: a group of 1-3 digits, then groups of exactly three. A comma or point
    /// followed by other than three digits is the decimal mark whatever the language ("2,98", "3.5"); two different
    /// marks make the last one the decimal ("1,234.5", "1.234,5"); the same mark twice separates thousands
    /// ("1,234,567"); one mark before exactly three digits is the language's decision ("1,234": a thousand in
    /// English, a decimal in French), except that a point before a scale word is a decimal in both ("7.788 milliards"
    /// in a machine-translated story); "1,234 million" stays 1,234 million in English.
    /// </summary>
    internal static bool TryNumber(string text, int i, int end, Lexicon lexicon, out decimal value, out int decimals, out bool grouped, out int next)
    {
        value = 0;
        decimals = 0;
        grouped = false;
        int p = i;
        while (p < end && char.IsAsciiDigit(text[p])) p++;
        var groups = new List<string> { text[i..p] };
        var seps = new List<char>();
        while (p + 1 < end)
        {
            char sep = text[p];
            bool space = IsSpace(sep) || sep == '\'';
            if (!(space || sep is ',' or '.')) break;
            if (sep == ' ' && lexicon.DecimalMark == '.') break;
            int e = p + 1;
            while (e < end && char.IsAsciiDigit(text[e])) e++;
            int len = e - p - 1;
            if (len == 0) break;
            if (space && (len != 3 || groups[0].Length > 3 || seps.Any(c => c is ',' or '.'))) break;
            seps.Add(sep);
            groups.Add(text[(p + 1)..e]);
            p = e;
            if (len != 3) break; // a group of other than three digits can only be the decimals, which end the number
        }
        next = p;
        int decimalAt = -1; // index into seps of the decimal mark
        var marks = Enumerable.Range(0, seps.Count).Where(k => seps[k] is ',' or '.').ToList();
        if (marks.Count > 0)
        {
            int last = marks[^1];
            bool mixed = marks.Any(k => seps[k] != seps[last]);
            if (groups[last + 1].Length != 3 || mixed) decimalAt = last;
            else if (marks.Count == 1)
            {
                bool scaleAfter = MatchScale(text, SkipSpaces(text, p, end), end, lexicon, out _, out _);
                if (seps[last] == lexicon.DecimalMark || (scaleAfter && seps[last] == '.')) decimalAt = last;
            }
            // Every other mark separates thousands: the other character, the first group 1-3 digits.
            foreach (int k in marks)
            {
                if (k == decimalAt) continue;
                if (groups[0].Length > 3 || (decimalAt >= 0 && seps[k] == seps[decimalAt]))
                {
                    // Not a grouping: the number is its first group ("2023,5" is a year and a stray 5).
                    next = i + groups[0].Length;
                    groups.RemoveRange(1, groups.Count - 1);
                    seps.Clear();
                    decimalAt = -1;
                    break;
                }
            }
        }
        var integer = string.Concat(groups.Take(decimalAt < 0 ? groups.Count : decimalAt + 1));
        var fraction = decimalAt < 0 ? "" : groups[decimalAt + 1];
        grouped = seps.Count > (decimalAt >= 0 ? 1 : 0);
        decimals = fraction.Length;
        if (integer.Length > 18 || fraction.Length > 9) return false;
        return decimal.TryParse(fraction.Length > 0 ? integer + "." + fraction : integer, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static int SkipDigits(string text, int i, int end)
    {
        while (i < end && (char.IsAsciiDigit(text[i]) || ((text[i] is ',' or '.') && i + 1 < end && char.IsAsciiDigit(text[i + 1])))) i++;
        return i;
    }

    internal static bool IsSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009' or '\u2007' or '\t';

    private static int SkipSpaces(string text, int i, int end)
    {
        while (i < end && IsSpace(text[i])) i++;
        return i;
    }

    private static int SkipApostrophe(string text, int i, int end) =>
        i < end && text[i] is '\'' or '\u2019' ? i + 1 : i;

    private static string? WordAt(string text, int i, int end)
    {
        int e = i;
        while (e < end && char.IsLetter(text[e])) e++;
        return e > i ? text[i..e] : null;
    }

    private static bool MatchScale(string text, int at, int end, Lexicon lexicon, out double scale, out int scaleEnd)
    {
        int k = MatchAt(text, at, end, lexicon.Scales.Select(s => s.Text), out scaleEnd);
        scale = k >= 0 ? lexicon.Scales[k].Scale : 1;
        return k >= 0;
    }

    private static bool TryCurrencyBefore(string text, int end, Lexicon lexicon, out string code, out int start)
    {
        code = "";
        start = end;
        int best = -1;
        for (int k = 0; k < lexicon.Currencies.Count; k++)
        {
            var c = lexicon.Currencies[k].Text;
            int s = end - c.Length;
            if (s < 0 || c.Length <= (best < 0 ? 0 : lexicon.Currencies[best].Text.Length)) continue;
            if (!Same(text, s, c)) continue;
            if (char.IsLetter(c[0]) && s > 0 && char.IsLetter(text[s - 1])) continue;
            // Words such as "dollars" come after the number; only symbols and codes come before it.
            if (c.Any(char.IsLower)) continue;
            best = k;
        }
        if (best < 0) return false;
        code = lexicon.Currencies[best].Code;
        start = end - lexicon.Currencies[best].Text.Length;
        // "US $32": a qualifier before the symbol.
        int p = start;
        while (p > 0 && IsSpace(text[p - 1])) p--;
        foreach (var qualifier in lexicon.CurrencyQualifiers)
        {
            int s = p - qualifier.Length;
            if (s >= 0 && qualifier.All(ch => !char.IsLower(ch)) && Same(text, s, qualifier) && (s == 0 || !char.IsLetter(text[s - 1])) && p < start)
            {
                start = s;
                break;
            }
        }
        return true;
    }

    /// <summary>
    /// The longest candidate written at <paramref name="at"/> (its index, or -1). A candidate with a capital letter
    /// matches only as written ("B", "Md"); others ignore case and accents. A candidate ending in a letter must end a word.
    /// </summary>
    private static int MatchAt(string text, int at, int end, IEnumerable<string> candidates, out int matchEnd)
    {
        int best = -1, bestLength = 0, k = 0;
        matchEnd = at;
        foreach (var c in candidates)
        {
            if (c.Length > bestLength && at + c.Length <= end && Same(text, at, c)
                && (!char.IsLetter(c[^1]) || at + c.Length == end || !char.IsLetter(text[at + c.Length])))
            {
                best = k;
                bestLength = c.Length;
            }
            k++;
        }
        if (best >= 0) matchEnd = at + bestLength;
        return best;
    }

    private static bool Same(string text, int at, string candidate)
    {
        bool exact = candidate.Any(char.IsUpper);
        for (int j = 0; j < candidate.Length; j++)
        {
            char a = text[at + j], b = candidate[j];
            if (exact ? a != b && !(IsSpace(a) && IsSpace(b)) : Words.Fold(a) != Words.Fold(b)) return false;
        }
        return true;
    }
}
