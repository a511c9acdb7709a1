namespace FinQuery.Extraction;

/// <summary>
/// A period as words name it, before it is placed in an entity's calendar: "deuxième trimestre 2023" is
/// quarter 2 of 2023, "the June quarter" the quarter holding June, "au premier trimestre" quarter 1 of a year
/// the story's main period gives.
/// </summary>
internal sealed record PeriodSpec(Frequency Frequency, int? Year, int Index, int Month = 0, int Day = 0, bool MonthQuarter = false)
{
    /// <summary>
    /// The period in <paramref name="calendar"/>. Without a year, the latest such period that does not end
    /// after <paramref name="main"/> ("the first quarter" in a story about 2023Q2 is 2023Q1; "the fourth
    /// quarter" in one about 2023Q1 is 2022Q4). Null when no year is known.
    /// </summary>
    public Period? Resolve(FiscalCalendar calendar, Period? main)
    {
        if (Year is { } y) return Make(calendar, y);
        if (main is not { } m) return null;
        var mainEnd = calendar.EndDate(m);
        bool calendarYear = Frequency is Frequency.Month or Frequency.Day || MonthQuarter;
        int anchor = calendarYear ? mainEnd.Year
            : m.Frequency is FinQuery.Frequency.Year or FinQuery.Frequency.Half or FinQuery.Frequency.Quarter ? m.Year
            : calendar.Containing(m, FinQuery.Frequency.Year).Year;
        var candidate = Make(calendar, anchor);
        if (candidate is { } c && calendar.EndDate(c) > mainEnd) candidate = Make(calendar, anchor - 1);
        return candidate;
    }

    private Period? Make(FiscalCalendar calendar, int year)
    {
        if (year is < Period.MinYear + 1 or > Period.MaxYear) return null;
        return Frequency switch
        {
            Frequency.Year => Period.OfYear(year),
            Frequency.Half => Period.OfHalf(year, Index),
            Frequency.Quarter when MonthQuarter => calendar.Containing(Period.OfMonth(year, Month), FinQuery.Frequency.Quarter),
            Frequency.Quarter => Period.OfQuarter(year, Index),
            Frequency.Month => Period.OfMonth(year, Month),
            _ => Day <= DateTime.DaysInMonth(year, Month) ? Period.OfDay(year, Month, Day) : null,
        };
    }
}

internal enum MentionKind
{
    /// <summary>A period: "deuxième trimestre 2023", "fiscal 2024", "the June quarter".</summary>
    Period,
    /// <summary>From a period to the story's main period: "depuis 2021", "since 2021".</summary>
    Since,
    /// <summary>From one period to another: "de 2021 à 2023", "between 2021 and 2023".</summary>
    Range,
    /// <summary>The period a year before the one in force: "l'an dernier", "a year earlier".</summary>
    YearEarlier,
    /// <summary>The quarter before the one in force: "le trimestre précédent".</summary>
    QuarterEarlier,
    /// <summary>The fiscal year of the story's main period: "cette année".</summary>
    ThisYear,
    /// <summary>The quarter of the story: its main period's last quarter ("in the quarter", "sur le trimestre").</summary>
    ThisQuarter,
    /// <summary>
    /// Each of a number of consecutive periods: "pendant deux années consécutives", "for three straight quarters"; placed
    /// by the periods of that frequency the sentence states.
    /// </summary>
    Consecutive,
    /// <summary>Time words that cannot be placed: "en 4 heures", "ces derniers jours", "depuis sa sortie".</summary>
    Vague,
}

/// <summary>
/// A time expression found in a sentence. <paramref name="Count"/> and <paramref name="Step"/> are those of a
/// <see cref="MentionKind.Consecutive"/> mention; <paramref name="FromSince"/> marks a "since" that names no period.
/// </summary>
internal sealed record Mention(MentionKind Kind, int Start, int End, string Text, PeriodSpec? Spec = null, PeriodSpec? To = null,
    int Count = 0, Frequency Step = Frequency.Year, bool FromSince = false);

/// <summary>
/// Reads periods out of a sentence's words with the lexicon's quarter, half, month, ordinal and fiscal words:
/// <c>deuxième trimestre 2023</c>, <c>T2 2023</c>, <c>Q2 2023</c>, <c>2Q23</c>, <c>second quarter of 2023</c>,
/// <c>fiscal fourth quarter</c>, <c>the June quarter</c>, <c>quarter ended June 30, 2023</c>, <c>premier semestre</c>,
/// <c>H1 2023</c>, <c>FY2024</c>, <c>fiscal 2024</c>, <c>exercice 2024</c>, <c>2022</c>, <c>juillet 2023</c>,
/// <c>July 10, 2023</c>, and ranges <c>depuis 2021</c>, <c>de 2021 à 2022</c>.
/// </summary>
internal sealed class PeriodWords
{
    private readonly Lexicon _lexicon;
    private readonly string _text;
    private readonly IReadOnlyList<Word> _words;
    private readonly Func<int, bool> _free;

    private PeriodWords(Lexicon lexicon, string text, IReadOnlyList<Word> words, Func<int, bool> free)
    {
        _lexicon = lexicon;
        _text = text;
        _words = words;
        _free = free;
    }

    /// <summary>The period mentions among <paramref name="words"/>, marking the words they use in <paramref name="used"/>.</summary>
    public static List<Mention> Find(Lexicon lexicon, string text, IReadOnlyList<Word> words, bool[] used)
    {
        var reader = new PeriodWords(lexicon, text, words, k => !used[k]);
        var mentions = new List<Mention>();
        for (int i = 0; i < words.Count; i++)
        {
            if (used[i]) continue;
            if (reader.TryMention(i, out var mention, out int length))
            {
                for (int k = i; k < i + length; k++) used[k] = true;
                mentions.Add(mention);
                i += length - 1;
            }
        }
        return mentions;
    }

    private Mention Make(MentionKind kind, int i, int length, PeriodSpec? spec = null, PeriodSpec? to = null)
    {
        int start = _words[i].Start, end = _words[i + length - 1].End;
        return new Mention(kind, start, end, _text[start..end], spec, to);
    }

    /// <summary>"deux années consécutives", "2 consecutive years", "three straight quarters": a count, then a consecutive phrase.</summary>
    public static bool TryConsecutive(Lexicon lexicon, string text, IReadOnlyList<Word> words, int i, Func<int, bool> free, out Mention mention, out int length)
    {
        mention = null!;
        length = 0;
        if (!free(i) || i + 1 >= words.Count) return false;
        if (!new PeriodWords(lexicon, text, words, free).CountAt(i, out int count) || count > 20) return false;
        if (!lexicon.Consecutive.TryMatch(words, i + 1, free, out var step, out int n)) return false;
        length = n + 1;
        int start = words[i].Start, end = words[i + n].End;
        mention = new Mention(MentionKind.Consecutive, start, end, text[start..end], Count: count, Step: step);
        return true;
    }

    /// <summary>
    /// The first months of a fiscal year, as quarters: "the first nine months of 2022", "les neuf premiers mois de
    /// l'exercice 2022" are quarters 1 to 3 of that year (a count of months that is not a whole number of quarters is not read).
    /// </summary>
    public static bool TryFirstMonths(Lexicon lexicon, string text, IReadOnlyList<Word> words, int i, Func<int, bool> free, out Mention mention, out int length)
    {
        mention = null!;
        length = 0;
        var reader = new PeriodWords(lexicon, text, words, free);
        int count = 0, k = i;
        // "first nine months", "neuf premiers mois"
        if (reader.Free(k) && lexicon.FirstWords.Contains(reader.W(k)) && reader.Free(k + 1) && reader.CountAt(k + 1, out count)) k += 2;
        else if (reader.Free(k) && reader.CountAt(k, out count) && reader.Free(k + 1) && lexicon.FirstWords.Contains(reader.W(k + 1))) k += 2;
        else return false;
        if (!reader.IsIn(lexicon.MonthWords, k) || count % 3 != 0 || count > 12) return false;
        k++;
        int? year = reader.TrailingYear(ref k);
        length = k - i;
        int start = words[i].Start, end = words[k - 1].End;
        mention = count == 12
            ? new Mention(MentionKind.Period, start, end, text[start..end], new PeriodSpec(Frequency.Year, year, 1))
            : new Mention(MentionKind.Range, start, end, text[start..end], new PeriodSpec(Frequency.Quarter, year, 1), new PeriodSpec(Frequency.Quarter, year, count / 3));
        return true;
    }

    private bool CountAt(int j, out int count)
    {
        var w = W(j);
        count = _lexicon.Counts.TryGetValue(w, out int c) ? c
            : w.Length <= 2 && w.All(char.IsAsciiDigit) ? int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return count >= 2;
    }

    private bool TryMention(int i, out Mention mention, out int length)
    {
        mention = null!;
        // "depuis 2021", "since the fourth quarter of 2021"; since something that is not a period is vague.
        if (_lexicon.Since.TryMatch(_words, i, _free, out _, out int since))
        {
            int j = SkipFillers(i + since);
            if (TrySpec(j, out var spec, out int n))
            {
                length = j + n - i;
                mention = Make(MentionKind.Since, i, length, spec);
                return true;
            }
            length = since;
            mention = Make(MentionKind.Vague, i, length) with { FromSince = true };
            return true;
        }
        // "de 2021 à 2023", "between 2021 and 2023".
        if (_lexicon.From.Contains(_words[i].Text))
        {
            int j = SkipFillers(i + 1);
            if (TrySpec(j, out var from, out int n) && j + n < _words.Count && _lexicon.To.Contains(_words[j + n].Text))
            {
                int k = SkipFillers(j + n + 1);
                if (TrySpec(k, out var to, out int m))
                {
                    length = k + m - i;
                    mention = Make(MentionKind.Range, i, length, from, to);
                    return true;
                }
            }
        }
        if (TrySpec(i, out var single, out length))
        {
            mention = Make(MentionKind.Period, i, length, single);
            return true;
        }
        return false;
    }

    private int SkipFillers(int j)
    {
        while (j < _words.Count && _free(j) && (_lexicon.Fillers.Contains(_words[j].Text) || _lexicon.Connectors.Contains(_words[j].Text))) j++;
        return j;
    }

    private bool Free(int j) => j < _words.Count && _free(j);

    private string W(int j) => _words[j].Text;

    /// <summary>A period written at word <paramref name="i"/>, with the number of words it takes.</summary>
    private bool TrySpec(int i, out PeriodSpec spec, out int length)
    {
        spec = null!;
        length = 0;
        if (!Free(i)) return false;
        int j = i;
        if (_lexicon.Fiscal.TryMatch(_words, j, _free, out _, out int fiscal)) j += fiscal;

        // Ordinal + quarter or half word: "deuxième trimestre (de l'exercice) 2023", "fiscal fourth quarter of 2023".
        if (Free(j) && _lexicon.Ordinals.TryGetValue(W(j), out int ordinal) && Free(j + 1))
        {
            var freq = IsIn(_lexicon.QuarterWords, j + 1) ? Frequency.Quarter : IsIn(_lexicon.HalfWords, j + 1) ? Frequency.Half : (Frequency?)null;
            if (freq is { } f && (f == Frequency.Quarter || ordinal <= 2))
            {
                int k = j + 2;
                int? year = TrailingYear(ref k);
                spec = new PeriodSpec(f, year, ordinal);
                length = k - i;
                return true;
            }
        }

        // Codes: "Q2 2023", "T2 2023", "H1 2023", "Q2'23", "Q2 FY24", "2Q23", "2023Q2", "FY2024", "FY24 Q2".
        if (Free(j) && TryCode(j, out spec, out int codeLength))
        {
            length = j + codeLength - i;
            return true;
        }

        // A month and a quarter: "the June quarter", "June 2023 quarter", "trimestre de juin", "quarter ended June 30, 2023".
        if (Free(j) && _lexicon.Months.TryGetValue(W(j), out int month))
        {
            int k = j + 1;
            int? year = Free(k) && IsYear(W(k), out int y1) ? y1 : null;
            if (year is not null) k++;
            if (IsIn(_lexicon.QuarterWords, k))
            {
                k++;
                year ??= TrailingYear(ref k);
                spec = new PeriodSpec(Frequency.Quarter, year, 0, month, MonthQuarter: true);
                length = k - i;
                return true;
            }
        }
        if (_lexicon.MonthQuarter.TryMatch(_words, j, _free, out _, out int mq))
        {
            int k = SkipFillers(j + mq);
            if (Free(k) && IsDay(W(k))) k++;
            if (Free(k) && _lexicon.Months.TryGetValue(W(k), out int m2))
            {
                k++;
                if (Free(k) && IsDay(W(k))) k++;
                int? year = Free(k) && IsYear(W(k), out int y2) ? y2 : null;
                if (year is not null) k++;
                spec = new PeriodSpec(Frequency.Quarter, year, 0, m2, MonthQuarter: true);
                length = k - i;
                return true;
            }
        }

        // The end of a month: "fin septembre", "à la fin de juin 2023", "at the end of September" (a stock's value then).
        if (_lexicon.MonthEnd.TryMatch(_words, j, _free, out _, out int me) && Free(j + me) && _lexicon.Months.TryGetValue(W(j + me), out int em))
        {
            int k = j + me + 1;
            int? year = Free(k) && IsYear(W(k), out int ey) ? ey : null;
            if (year is not null) k++;
            spec = new PeriodSpec(Frequency.Month, year, 0, em);
            length = k - i;
            return true;
        }

        // Days and months: "10 juillet 2023", "July 10, 2023", "juillet 2023" (a month alone is not a period: "may").
        if (Free(j) && IsDay(W(j)) && Free(j + 1) && _lexicon.Months.TryGetValue(W(j + 1), out int dm))
        {
            int k = j + 2;
            int? year = Free(k) && IsYear(W(k), out int y3) ? y3 : null;
            if (year is not null) k++;
            spec = new PeriodSpec(Frequency.Day, year, 0, dm, int.Parse(W(j), System.Globalization.CultureInfo.InvariantCulture));
            length = k - i;
            return true;
        }
        if (Free(j) && _lexicon.Months.TryGetValue(W(j), out int mm))
        {
            int k = j + 1;
            int day = 0;
            if (Free(k) && IsDay(W(k))) day = int.Parse(W(k++), System.Globalization.CultureInfo.InvariantCulture);
            if (Free(k) && IsYear(W(k), out int y4))
            {
                spec = day > 0 ? new PeriodSpec(Frequency.Day, y4, 0, mm, day) : new PeriodSpec(Frequency.Month, y4, 0, mm);
                length = k + 1 - i;
                return true;
            }
            if (day > 0)
            {
                spec = new PeriodSpec(Frequency.Day, null, 0, mm, day);
                length = k - i;
                return true;
            }
        }

        // A year, fiscal or not: "2022", "fiscal 2024", "l'année 2022", "exercice 2024".
        int yj = j;
        if (IsIn(_lexicon.YearWords, yj)) yj++;
        if (Free(yj) && IsYear(W(yj), out int year5))
        {
            spec = new PeriodSpec(Frequency.Year, year5, 1);
            length = yj + 1 - i;
            return true;
        }
        return false;
    }

    /// <summary>After a quarter or half word: optional "de l'exercice", "of fiscal", "of", then a year.</summary>
    private int? TrailingYear(ref int k)
    {
        int save = k;
        int j = SkipFillers(k);
        if (_lexicon.Fiscal.TryMatch(_words, j, _free, out _, out int fiscal)) j = SkipFillers(j + fiscal);
        if (IsIn(_lexicon.YearWords, j)) j++;
        if (Free(j) && IsYear(W(j), out int y))
        {
            k = j + 1;
            return y;
        }
        if (Free(j) && TryFiscalCode(W(j), out int fy, out int q) && q == 0)
        {
            k = j + 1;
            return fy;
        }
        k = save;
        return null;
    }

    private bool TryCode(int j, out PeriodSpec spec, out int length)
    {
        spec = null!;
        length = 0;
        var w = W(j);
        // FY2024, FY24, FY2024Q2, then maybe "Q2".
        if (TryFiscalCode(w, out int fy, out int fq))
        {
            if (fq == 0 && Free(j + 1) && TryQuarterCode(W(j + 1), out bool half1, out int q1, out int? y1) && y1 is null)
            {
                spec = new PeriodSpec(half1 ? Frequency.Half : Frequency.Quarter, fy, q1);
                length = 2;
                return true;
            }
            spec = fq == 0 ? new PeriodSpec(Frequency.Year, fy, 1) : new PeriodSpec(Frequency.Quarter, fy, fq);
            length = 1;
            return true;
        }
        if (TryQuarterCode(w, out bool half, out int index, out int? year))
        {
            int k = j + 1;
            if (year is null)
            {
                if (Free(k) && IsYear(W(k), out int y)) { year = y; k++; }
                else if (Free(k) && W(k).Length == 2 && W(k).All(char.IsAsciiDigit) && _text[_words[k].Start - 1] == '\'') { year = 2000 + int.Parse(W(k), System.Globalization.CultureInfo.InvariantCulture); k++; }
                else if (Free(k) && TryFiscalCode(W(k), out int fy2, out int fq2) && fq2 == 0) { year = fy2; k++; }
            }
            spec = new PeriodSpec(half ? Frequency.Half : Frequency.Quarter, year, index);
            length = k - j;
            return true;
        }
        return false;
    }

    /// <summary>"q2", "t2", "h1", "s1", "2q23", "2q2023", "2023q2", "q22023" is not accepted.</summary>
    private bool TryQuarterCode(string w, out bool half, out int index, out int? year)
    {
        half = false;
        index = 0;
        year = null;
        foreach (var (codes, isHalf, max) in new[] { (_lexicon.QuarterCodes, false, 4), (_lexicon.HalfCodes, true, 2) })
        {
            foreach (var code in codes)
            {
                // Q2
                if (w.Length == code.Length + 1 && w.StartsWith(code, StringComparison.Ordinal) && w[^1] is >= '1' and <= '9' && w[^1] - '0' <= max)
                {
                    half = isHalf; index = w[^1] - '0';
                    return true;
                }
                // 2Q23, 2Q2023
                if (w.Length is var n && n > code.Length + 1 && w[0] is >= '1' and <= '9' && w[0] - '0' <= max
                    && string.CompareOrdinal(w, 1, code, 0, code.Length) == 0 && (n - 1 - code.Length) is 2 or 4 && w[(1 + code.Length)..].All(char.IsAsciiDigit))
                {
                    half = isHalf; index = w[0] - '0';
                    var y = int.Parse(w[(1 + code.Length)..], System.Globalization.CultureInfo.InvariantCulture);
                    year = y < 100 ? 2000 + y : y;
                    return true;
                }
                // 2023Q2
                if (w.Length == 5 + code.Length && w[..4].All(char.IsAsciiDigit) && string.CompareOrdinal(w, 4, code, 0, code.Length) == 0
                    && w[^1] is >= '1' and <= '9' && w[^1] - '0' <= max && IsYear(w[..4], out int y4))
                {
                    half = isHalf; index = w[^1] - '0'; year = y4;
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>"fy2024", "fy24", "fy2024q2", "fy24q2".</summary>
    private bool TryFiscalCode(string w, out int year, out int quarter)
    {
        year = 0;
        quarter = 0;
        foreach (var code in _lexicon.FiscalCodes)
        {
            if (!w.StartsWith(code, StringComparison.Ordinal)) continue;
            var rest = w[code.Length..];
            int digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
            if (digits is not (2 or 4)) continue;
            var tail = rest[digits..];
            if (tail.Length != 0 && !(tail.Length == 2 && _lexicon.QuarterCodes.Contains(tail[..1]) && tail[1] is >= '1' and <= '4')) continue;
            int y = int.Parse(rest[..digits], System.Globalization.CultureInfo.InvariantCulture);
            year = y < 100 ? 2000 + y : y;
            quarter = tail.Length == 0 ? 0 : tail[1] - '0';
            return year is >= 1900 and <= 2199;
        }
        return false;
    }

    private bool IsIn(HashSet<string> set, int j) => Free(j) && (set.Contains(W(j)) || (W(j).EndsWith('s') && set.Contains(W(j)[..^1])));

    internal static bool IsYear(string w, out int year)
    {
        year = 0;
        if (w.Length != 4 || !w.All(char.IsAsciiDigit)) return false;
        year = int.Parse(w, System.Globalization.CultureInfo.InvariantCulture);
        return year is >= 1900 and <= 2199;
    }

    private static bool IsDay(string w) =>
        w.Length is 1 or 2 && w.All(char.IsAsciiDigit) && int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 31;
}
