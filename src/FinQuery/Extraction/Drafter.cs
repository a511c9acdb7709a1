using System.Globalization;

namespace FinQuery.Extraction;

/// <summary>
/// Drafts the claims of one story. Each sentence is read into figures, metric words, entity names, cues
/// (change, consensus, loss, bounds) and time expressions; a cue or time expression belongs to the nearest
/// figure of its clause. A figure takes the nearest metric before it in its sentence (else after it in its
/// clause, else the previous sentence's), the period of its own time expression (else the last one before it
/// in the sentence, else the story's main period), and becomes a claim only when all of that is recognised
/// and the claim binds against the data.
/// </summary>
internal sealed class Drafter
{
    private readonly string _text;
    private readonly Dataset _data;
    private readonly Lexicon _lexicon;
    private readonly Entity? _story;
    private readonly PhraseTable<MetricWords> _dataMetrics = new();
    private readonly PhraseTable<Entity> _entities = new();

    public Drafter(string text, Dataset data, Lexicon lexicon, Entity? story)
    {
        _text = text;
        _data = data;
        _lexicon = lexicon;
        _story = story;
        BuildDataWords();
    }

    /// <summary>Metric names and entity names of the data as phrases: "reality labs" for reality_labs_operating_income.</summary>
    private void BuildDataWords()
    {
        var names = _data.Entities.SelectMany(e => e.Series).Select(s => s.Metric).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var prefixes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
            _dataMetrics.Add(string.Join(' ', parts), new MetricWords([name], false) { Phrase = name });
            if (parts.Length >= 3)
            {
                var prefix = parts[0] + " " + parts[1];
                if (!prefixes.TryGetValue(prefix, out var list)) prefixes[prefix] = list = [];
                list.Add(name);
            }
        }
        foreach (var (prefix, list) in prefixes)
            if (list.Count == 1) _dataMetrics.Add(prefix, new MetricWords([list[0]], false) { Phrase = list[0] });

        foreach (var e in _data.Entities)
        {
            _entities.Add(e.Id, e);
            var words = Words.OfPhrase(e.Name).ToList();
            while (words.Count > 1 && _lexicon.EntitySuffixes.Contains(words[^1])) words.RemoveAt(words.Count - 1);
            if (words.Count > 0)
            {
                _entities.Add(string.Join(' ', words), e);
                if (words[0].Length >= 3 && !_lexicon.Stopwords.Contains(words[0])) _entities.Add(words[0], e);
            }
        }
    }

    private sealed record Item(int Start, int End);

    private sealed class SentenceItems
    {
        public required Sentence Sentence { get; init; }
        public required List<Figure> Figures { get; init; }
        public required int[] Clauses { get; init; }
        public List<(Cue Cue, int Start, int End, int Figure)> Cues { get; } = [];
        public List<(MetricWords Words, int Start, int End)> Metrics { get; } = [];
        public List<(Entity Entity, int Start, int End)> Entities { get; } = [];
        public List<(Mention Mention, int Figure)> Times { get; } = [];
    }

    private sealed record Topic(string Metric, Entity Entity, bool Loss);

    public ExtractionResult Run()
    {
        var sentences = StoryText.Sentences(_text).Select(Read).ToList();
        var storyEntity = _story ?? _data.DefaultEntity ?? MostNamed(sentences);
        var calendar = storyEntity?.Calendar ?? FiscalCalendar.Calendar;
        var main = MainPeriod(sentences, calendar);

        var claims = new List<DraftClaim>();
        Topic? topic = null;
        foreach (var s in sentences)
        {
            var quote = StoryText.Quote(_text, s.Sentence);
            Topic? used = null;
            for (int f = 0; f < s.Figures.Count; f++)
            {
                var (claim, t) = Draft(s, f, quote, storyEntity, main, topic);
                claims.Add(claim);
                if (t is not null) used = t;
            }
            topic = LastTopic(s, storyEntity) ?? (s.Figures.Count > 0 ? used ?? topic : null);
        }
        return new ExtractionResult(_lexicon.Language, main is { } m ? Literal(m, calendar) : null, storyEntity?.Id, claims);
    }

    private SentenceItems Read(Sentence sentence)
    {
        var figures = FigureReader.Read(_text, _lexicon, sentence.Start, sentence.End);
        var items = new SentenceItems { Sentence = sentence, Figures = figures, Clauses = StoryText.ClauseStarts(_text, sentence, figures) };
        // Phrases never run across a figure: "compared with $1.6 billion a year ago" is not "compared with a year ago".
        var all = Words.Split(_text, sentence.Start, sentence.End).Where(w => !figures.Any(f => w.Start < f.End && w.End > f.Start)).ToList();
        var runs = new List<List<Word>>();
        foreach (var w in all)
        {
            if (runs.Count == 0 || figures.Any(f => f.Start >= runs[^1][^1].End && f.End <= w.Start)) runs.Add([]);
            runs[^1].Add(w);
        }
        foreach (var run in runs) ReadRun(items, run);

        // Cues and time expressions belong to the nearest figure of their clause.
        for (int k = 0; k < items.Cues.Count; k++)
        {
            var c = items.Cues[k];
            items.Cues[k] = c with { Figure = Nearest(items, c.Start, c.End) };
        }
        for (int k = 0; k < items.Times.Count; k++)
        {
            var t = items.Times[k];
            items.Times[k] = t with { Figure = Nearest(items, t.Mention.Start, t.Mention.End) };
        }
        // A time in a clause of its own after the sentence's last figure is that figure's: "from $1.62 billion, or $0.48
        // per share, a year earlier".
        for (int k = 0; k < items.Times.Count; k++)
        {
            var t = items.Times[k];
            if (t.Figure < 0 && figures.Count > 0 && t.Mention.Start >= figures[^1].End && t.Mention.Kind != MentionKind.Vague
                && OnlyTime(items, t.Mention))
                items.Times[k] = t with { Figure = figures.Count - 1 };
        }
        // A figure restated in the next clause ("$1.62 billion, or $0.48 per share"; "1,62 milliard, ou 0,48 dollar par
        // action") has the same period: the one stated with either.
        for (int f = 1; f < figures.Count; f++)
        {
            if (figures[f].Percent || figures[f - 1].Percent) continue;
            int clause = StoryText.ClauseOf(items.Clauses, figures[f].Start);
            if (StoryText.ClauseOf(items.Clauses, figures[f - 1].Start) != clause - 1) continue;
            if (!items.Cues.Any(c => c.Cue == Cue.Apposition && c.End <= figures[f].Start && StoryText.ClauseOf(items.Clauses, c.Start) == clause)) continue;
            bool mine = items.Times.Any(t => t.Figure == f), theirs = items.Times.Any(t => t.Figure == f - 1);
            if (mine == theirs) continue;
            int from = mine ? f : f - 1, to = mine ? f - 1 : f;
            items.Times.AddRange(items.Times.Where(t => t.Figure == from).Select(t => t with { Figure = to }).ToList());
        }
        return items;
    }

    private void ReadRun(SentenceItems items, List<Word> words)
    {
        var used = new bool[words.Count];
        bool Free(int k) => !used[k];
        for (int i = 0; i < words.Count; i++)
        {
            if (used[i]) continue;
            // Counted periods come before cue words, which would take their "années", "months".
            if (PeriodWords.TryConsecutive(_lexicon, _text, words, i, Free, out var counted, out int countedLength)
                || PeriodWords.TryFirstMonths(_lexicon, _text, words, i, Free, out counted, out countedLength))
            {
                items.Times.Add((counted, -1));
                for (int k = i; k < i + countedLength; k++) used[k] = true;
                i += countedLength - 1;
                continue;
            }
            _lexicon.Cues.TryMatch(words, i, Free, out var cue, out int cueLength);
            _lexicon.Metrics.TryMatch(words, i, Free, out var metric, out int metricLength);
            _dataMetrics.TryMatch(words, i, Free, out var dataMetric, out int dataLength);
            _entities.TryMatch(words, i, Free, out var entity, out int entityLength);
            int best = Math.Max(Math.Max(cueLength, metricLength), Math.Max(dataLength, entityLength));
            if (best == 0) continue;
            // "the quarter" is read after the periods, which may need its words: "the quarter ended June 30, 2023".
            if (cueLength == best && cue == Cue.ThisQuarter) continue;
            int start = words[i].Start, end = words[i + best - 1].End;
            if (metricLength == best) items.Metrics.Add((metric, start, end));
            else if (dataLength == best) items.Metrics.Add((dataMetric, start, end));
            else if (cueLength == best && TimeKind(cue) is { } timeKind) items.Times.Add((new Mention(timeKind, start, end, _text[start..end]), -1));
            else if (cueLength == best) items.Cues.Add((cue, start, end, -1));
            if (entityLength == best) items.Entities.Add((entity, start, end));
            for (int k = i; k < i + best; k++) used[k] = true;
            i += best - 1;
        }
        foreach (var mention in PeriodWords.Find(_lexicon, _text, words, used))
            items.Times.Add((mention, -1));
        for (int i = 0; i < words.Count; i++)
        {
            if (used[i] || !_lexicon.Cues.TryMatch(words, i, Free, out var cue, out int n) || cue != Cue.ThisQuarter) continue;
            items.Times.Add((new Mention(MentionKind.ThisQuarter, words[i].Start, words[i + n - 1].End, _text[words[i].Start..words[i + n - 1].End]), -1));
            for (int k = i; k < i + n; k++) used[k] = true;
            i += n - 1;
        }
        // "the highest since 2021", "le nouveau sommet depuis le trimestre": the "since" dates the record, not a figure.
        // "in line with the previous quarter", "en ligne avec l'an dernier": the period is the basis compared with.
        // "l'exercice 2024, clos le 31 janvier 2024", "fiscal 2024, which ended January 31, 2024": the day describes the
        // period before it.
        items.Times.RemoveAll(t => t.Mention.Start >= words[0].Start && t.Mention.End <= words[^1].End && (
            (t.Mention is { Kind: MentionKind.Period, Spec.Frequency: Frequency.Day or Frequency.Month } && AfterClosing(words, t.Mention.Start)) ||
            ((t.Mention.Kind == MentionKind.Since || t.Mention.FromSince) && After(items, words, Cue.Record, t.Mention.Start, MaxRecordGap))
            || (t.Mention.Kind is MentionKind.YearEarlier or MentionKind.QuarterEarlier && After(items, words, Cue.Flat, t.Mention.Start, 1))));
    }

    /// <summary>Whether the mention's clause holds nothing but it and filler words: ", a year earlier."</summary>
    private bool OnlyTime(SentenceItems items, Mention m)
    {
        int clause = StoryText.ClauseOf(items.Clauses, m.Start);
        int from = items.Clauses[clause], to = clause + 1 < items.Clauses.Length ? items.Clauses[clause + 1] : items.Sentence.End;
        return Words.Split(_text, from, to).All(w => (w.Start >= m.Start && w.End <= m.End) || _lexicon.Fillers.Contains(w.Text) || _lexicon.Connectors.Contains(w.Text));
    }

    /// <summary>"cette année": the fiscal year of the main period; "in the quarter": its last quarter (the main period if a quarter).</summary>
    private static Period? This(MentionKind kind, FiscalCalendar calendar, Period? main)
    {
        if (main is not { } m) return null;
        if (kind == MentionKind.ThisYear) return calendar.Containing(m, Frequency.Year);
        if (m.Frequency == Frequency.Quarter) return m;
        var end = calendar.EndDate(m);
        return m.Frequency is Frequency.Year or Frequency.Half or Frequency.Month or Frequency.Day
            ? calendar.Containing(Period.OfMonth(end.Year, end.Month), Frequency.Quarter) : null;
    }

    /// <summary>Words allowed between a record word and its "since": "highest quarterly revenue growth since".</summary>
    private const int MaxRecordGap = 3;

    /// <summary>Whether a closing word ("clos", "ended") stands right before <paramref name="at"/>, fillers between.</summary>
    private bool AfterClosing(List<Word> words, int at)
    {
        int k = words.FindLastIndex(w => w.End <= at);
        while (k >= 0 && (_lexicon.Fillers.Contains(words[k].Text) || _lexicon.Connectors.Contains(words[k].Text))) k--;
        return k >= 0 && _lexicon.Closing.Contains(words[k].Text);
    }

    /// <summary>Whether a cue of that kind ends at most <paramref name="gap"/> words before <paramref name="at"/>, in its run and clause.</summary>
    private static bool After(SentenceItems items, List<Word> words, Cue kind, int at, int gap) =>
        items.Cues.Any(c => c.Cue == kind && c.Start >= words[0].Start && c.End <= at && WordsBetween(words, c.End, at) <= gap
            && StoryText.ClauseOf(items.Clauses, c.Start) == StoryText.ClauseOf(items.Clauses, at));

    private static int WordsBetween(List<Word> words, int from, int to) => words.Count(w => w.Start >= from && w.End <= to);

    private static MentionKind? TimeKind(Cue cue) => cue switch
    {
        Cue.YearEarlier => MentionKind.YearEarlier,
        Cue.QuarterEarlier => MentionKind.QuarterEarlier,
        Cue.ThisYear => MentionKind.ThisYear,
        Cue.ThisQuarter => MentionKind.ThisQuarter,
        Cue.Vague => MentionKind.Vague,
        _ => null,
    };

    private static int Nearest(SentenceItems s, int start, int end)
    {
        int clause = StoryText.ClauseOf(s.Clauses, start);
        int best = -1, bestGap = int.MaxValue;
        for (int f = 0; f < s.Figures.Count; f++)
        {
            var fig = s.Figures[f];
            if (StoryText.ClauseOf(s.Clauses, fig.Start) != clause) continue;
            int gap = fig.Start >= end ? fig.Start - end : start >= fig.End ? start - fig.End : 0;
            if (gap < bestGap) { best = f; bestGap = gap; }
        }
        return best;
    }

    private Entity? MostNamed(List<SentenceItems> sentences) =>
        sentences.SelectMany(s => s.Entities).GroupBy(e => e.Entity).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();

    /// <summary>The story's main period: its most frequent explicit year, half or quarter (ties: the finer, then the later).</summary>
    private static Period? MainPeriod(List<SentenceItems> sentences, FiscalCalendar calendar)
    {
        var counts = new Dictionary<Period, int>();
        foreach (var (mention, _) in sentences.SelectMany(s => s.Times))
        {
            // A range's end counts as a period it names: "the first nine months of 2022" names 2022Q3.
            var spec = mention.Kind == MentionKind.Period ? mention.Spec : mention.Kind == MentionKind.Range ? mention.To : null;
            if (spec is not { Year: not null }) continue;
            if (spec.Frequency is not (Frequency.Year or Frequency.Half or Frequency.Quarter)) continue;
            if (spec.Resolve(calendar, null) is { } p) counts[p] = counts.GetValueOrDefault(p) + 1;
        }
        if (counts.Count == 0) return null;
        var main = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => (int)kv.Key.Frequency)
            .ThenByDescending(kv => calendar.EndDate(kv.Key)).First().Key;
        // "Tesla reported third-quarter revenue of …" with only years written elsewhere: a story whose first period is a
        // quarter (or half) without a year is about that quarter of its main year.
        var first = sentences.SelectMany(s => s.Times).Select(t => t.Mention).Where(m => m.Kind == MentionKind.Period).OrderBy(m => m.Start).FirstOrDefault();
        if (main.Frequency == Frequency.Year && first?.Spec is { Year: null, Frequency: Frequency.Quarter or Frequency.Half } lede
            && lede.Resolve(calendar, main) is { } refined && calendar.Containing(refined, Frequency.Year) == main)
            return refined;
        return main;
    }

    /// <summary>The metric the sentence leaves in force for the next one: its last metric mention that resolves.</summary>
    private Topic? LastTopic(SentenceItems s, Entity? storyEntity)
    {
        for (int k = s.Metrics.Count - 1; k >= 0; k--)
        {
            var m = s.Metrics[k];
            if (Resolve(s, m.Words, m.Start, storyEntity, null) is { } r)
            {
                bool loss = m.Words.Loss || s.Cues.Any(c => c.Cue == Cue.Loss && c.Start > m.End);
                return new Topic(r.Metric, r.Entity, loss);
            }
        }
        return null;
    }

    /// <summary>The first of the words' metric names that an entity has: one named near the words, else the story's.</summary>
    private (string Metric, Entity Entity)? Resolve(SentenceItems s, MetricWords words, int at, Entity? storyEntity, Topic? topic)
    {
        var named = s.Entities.OrderBy(e => Math.Abs(e.Start - at)).Select(e => e.Entity).ToList();
        if (topic is not null) named.Add(topic.Entity);
        if (storyEntity is not null) named.Add(storyEntity);
        foreach (var e in named)
            foreach (var name in words.Names)
                if (e.Find(name) is { } series) return (series.Metric, e);
        return null;
    }

    private (DraftClaim Claim, Topic? Used) Draft(SentenceItems s, int f, string quote, Entity? storyEntity, Period? main, Topic? topic)
    {
        var fig = s.Figures[f];
        var cues = s.Cues.Where(c => c.Figure == f).ToList();
        // A basis stated in a clause of its own before the figure carries to it: "Par rapport au trimestre précédent, ... de 27 %".
        bool ownBasis = cues.Any(x => x.Cue is Cue.Yoy or Cue.Qoq);
        bool Has(Cue c) => cues.Any(x => x.Cue == c)
            || (c is Cue.Yoy or Cue.Qoq && !ownBasis && s.Cues.Any(x => x.Cue == c && x.Figure < 0 && x.End <= fig.Start));
        var problems = new List<string>();

        // The metric: the nearest before the figure in the sentence, else after it in its clause, else the last sentence's.
        string? metric = null;
        Entity? entity = null;
        bool loss = false;
        string? ratioOf = null;
        int metricAt = s.Sentence.Start;
        Topic? used = null;
        int clause = StoryText.ClauseOf(s.Clauses, fig.Start);
        var before = s.Metrics.Where(m => m.End <= fig.Start).OrderByDescending(m => m.Start);
        var after = s.Metrics.Where(m => m.Start >= fig.End && StoryText.ClauseOf(s.Clauses, m.Start) == clause).OrderBy(m => m.Start);
        // A metric word right after the figure names it ("100 millions d'utilisateurs", "100 million registered users").
        var adjacent = after.Where(m => Adjacent(fig.End, m.Start)).Take(1);
        // The first that fits the figure wins ("$1.62 billion, or $0.48 per share": the billions are not per share); when
        // none fits, the first that the data has, so that the misfit is said.
        var candidates = adjacent.Concat(before).Concat(after)
            .Select(m => (m, r: Resolve(s, m.Words, m.Start, storyEntity, topic))).Where(c => c.r is not null).ToList();
        if (candidates.Count > 0)
        {
            var (m, r) = candidates.FirstOrDefault(c => Fits(fig, c.r!.Value.Entity.Find(c.r.Value.Metric)!), candidates[0]);
            (metric, entity) = r!.Value;
            loss = m.Words.Loss;
            ratioOf = m.Words.RatioOf;
            metricAt = m.Start;
        }
        bool mentionedBefore = before.Any() || after.Any();
        // "le nombre de posts": a metric the lexicon does not know is named before the figure; the last sentence's
        // metric no longer holds.
        var unknown = s.Cues.Where(c => c.Cue == Cue.CountOf && c.End <= fig.Start && c.Start >= (before.FirstOrDefault().End))
            .OrderByDescending(c => c.Start).FirstOrDefault();
        bool unknownNamed = unknown.End > 0 && metric is null;
        if (metric is null && !mentionedBefore && !unknownNamed && topic is not null)
        {
            // A named entity that has the topic's metric takes it over ("Threads ... Twitter").
            entity = s.Entities.OrderBy(e => Math.Abs(e.Start - fig.Start)).Select(e => e.Entity).FirstOrDefault(e => e.Find(topic.Metric) is not null) ?? topic.Entity;
            metric = topic.Metric;
            loss = topic.Loss;
            used = topic;
        }
        if (metric is null)
        {
            problems.Add(mentionedBefore
                ? $"no data for the metric words '{string.Join("', '", before.Concat(after).Select(m => _text[m.Start..m.End]).Distinct())}'"
                : unknownNamed ? $"no metric recognised in '{UnknownWords(unknown.Start, fig.Start)}'" : "no metric recognised");
        }
        // A loss word between the metric and the figure, or at the figure, makes it a loss.
        int lossFrom = Math.Min(metricAt, fig.Start);
        if (s.Cues.Any(c => c.Cue == Cue.Loss && (c.Figure == f || (c.Start >= lossFrom && c.End <= fig.Start)))) loss = true;

        // The period.
        var own = s.Times.Where(t => t.Figure == f).Select(t => t.Mention).OrderBy(t => Gap(t, fig)).ToList();
        var calendar = (entity ?? storyEntity)?.Calendar ?? FiscalCalendar.Calendar;
        // A period before the figure in the sentence stays in force; a vague one only when no other figure took it.
        var carried = s.Times.Where(t => t.Mention.End <= fig.Start
                && (t.Mention.Kind is MentionKind.Period or MentionKind.ThisYear or MentionKind.ThisQuarter
                    || (t.Mention.Kind is MentionKind.Vague or MentionKind.Range or MentionKind.Since && t.Figure < 0)))
            .Select(t => t.Mention).OrderByDescending(t => t.Start).FirstOrDefault();
        Period? reference = carried is { Kind: MentionKind.Period } cp ? cp.Spec!.Resolve(calendar, main) : main;
        if (carried is { Kind: MentionKind.ThisYear or MentionKind.ThisQuarter } && This(carried.Kind, calendar, main) is { } tp) reference = tp;
        Period? period = null;
        (Period From, Period To)? range = null;
        bool relative = false;
        string? periodProblem = null;
        var explicitOwn = own.FirstOrDefault(t => t.Kind is MentionKind.Period);
        var relativeOwn = own.FirstOrDefault(t => t.Kind is MentionKind.YearEarlier or MentionKind.QuarterEarlier);
        // A range in a clause of its own before the figure stays in force too: "For the first nine months of 2022, revenue …".
        var rangeOwn = own.FirstOrDefault(t => t.Kind is MentionKind.Since or MentionKind.Range)
            ?? (carried is { Kind: MentionKind.Since or MentionKind.Range } && !own.Any(t => t.Kind is not MentionKind.Vague) ? carried : null);
        var vagueOwn = own.FirstOrDefault(t => t.Kind is MentionKind.Vague);
        var thisYearOwn = own.FirstOrDefault(t => t.Kind is MentionKind.ThisYear or MentionKind.ThisQuarter);
        var consecutiveOwn = own.FirstOrDefault(t => t.Kind is MentionKind.Consecutive);
        bool each = false;
        if (consecutiveOwn is not null)
        {
            if (Consecutive(s, consecutiveOwn, calendar, main, out var firstLast, out var why)) { range = firstLast; each = true; }
            else periodProblem = why;
        }
        else if (rangeOwn is not null)
        {
            // The end first, then the start up to it: "the first nine months" in a story about 2022Q2 is 2021Q1..2021Q3.
            var to = rangeOwn.Kind == MentionKind.Range ? rangeOwn.To!.Resolve(calendar, main) : main;
            var from = rangeOwn.Spec!.Resolve(calendar, to ?? main);
            if (from is { } a && to is { } b && calendar.StartDate(a) > calendar.EndDate(b)) periodProblem = $"the range '{rangeOwn.Text}' ends before it starts";
            else if (from is { } a2 && to is { } b2) range = (a2, b2);
            else periodProblem = $"the range '{rangeOwn.Text}' has no end I can place (the story names no main period)";
        }
        else if (explicitOwn is not null)
        {
            period = explicitOwn.Spec!.Resolve(calendar, main);
            if (period is null) periodProblem = $"'{explicitOwn.Text}' has no year and the story names no main period";
        }
        else if (relativeOwn is not null)
        {
            relative = true;
            if (reference is not { } r) periodProblem = $"'{relativeOwn.Text}' is relative to a period the story does not name";
            else if (relativeOwn.Kind == MentionKind.YearEarlier)
                period = r.TryYearEarlier(out var ye) ? ye : null;
            else if (r.Frequency == Frequency.Quarter) period = r - 1;
            else periodProblem = $"'{relativeOwn.Text}' needs a quarter to step back from, not {Literal(r, calendar)}";
        }
        else if (thisYearOwn is not null && This(thisYearOwn.Kind, calendar, main) is { } tp2) period = tp2;
        else if (vagueOwn is not null) periodProblem = $"the period '{vagueOwn.Text}' is not one I can place";
        else if (carried is { Kind: MentionKind.Vague }) periodProblem = $"the period '{carried.Text}' is not one I can place";
        else if (reference is { } r2) period = r2;
        else periodProblem = "no period recognised, and the story names no main period";
        if (periodProblem is not null) problems.Add(periodProblem);

        // The kind of figure.
        string? kind = null; // the claim's left side
        string kindLabel = "";
        var series = entity?.Find(metric ?? "");
        bool consensus = Has(Cue.Consensus);
        if (metric is not null && series is not null && problems.Count == 0)
        {
            string name = entity == _data.DefaultEntity ? series.Metric : $"{entity!.Id}.{series.Metric}";
            string signed = loss ? "-" + name : name;
            string unit = series.Unit;
            string Lit(Period p) => Literal(p, series.Calendar);
            if (fig.Percent)
            {
                bool percentMetric = unit is "%" or "percent" or "pure" or "ratio" or "";
                if (consensus) problems.Add("a consensus given as a percent is not a kind of figure I draft");
                else if (ratioOf is not null && Words.FoldAll(fig.Text).Contains("point", StringComparison.Ordinal))
                    problems.Add("a change of a margin in points is not a kind of figure I draft");
                else if (ratioOf is not null && !(Has(Cue.Yoy) || Has(Cue.Qoq) || ChangeWord(s, fig) is not null))
                {
                    // "gross margin of 25.1%": the metric over the one it is a share of, in the same period. A change in
                    // percent ("la marge brute a progressé de 47 %") is the metric's own.
                    var of = entity!.Find(ratioOf);
                    if (of is null) problems.Add($"{entity.Id} has no {ratioOf} for the margin");
                    else if (period is not { } p) problems.Add("a margin over a range is not a kind of figure I draft");
                    else
                    {
                        string ofName = entity == _data.DefaultEntity ? of.Metric : $"{entity.Id}.{of.Metric}";
                        kind = $"{name}[{Lit(p)}] / {ofName}[{Lit(p)}]";
                        kindLabel = "/ " + of.Metric;
                    }
                }
                else if (Has(Cue.Yoy) || Has(Cue.Qoq))
                {
                    var fn = Has(Cue.Yoy) ? "yoy" : "qoq";
                    var p = relative ? reference : period;
                    if (range is not null || p is null) problems.Add("a change over a range is not a kind of figure I draft");
                    else
                    {
                        kind = $"{fn}({(loss ? "-" + name : name)}, {Lit(p.Value)})";
                        kindLabel = loss ? $"loss {fn}" : fn;
                    }
                }
                else if (percentMetric && period is { } p) kind = $"{signed}[{Lit(p)}]";
                else if (ChangeWord(s, fig) is not null && range is null && (relative ? reference : period) is { } p2)
                {
                    // "revenue grew 56% to $21.5 billion", "en hausse de 36 %": a change with no basis is year over year,
                    // as results stories write it (a change from the previous quarter says so).
                    kind = $"yoy({signed}, {Lit(p2)})";
                    kindLabel = loss ? "loss yoy" : "yoy";
                }
                else problems.Add("the basis of the change is not stated (year over year, quarter over quarter)");
            }
            else if (fig.Currency is { } currency && !(unit == currency || unit.StartsWith(currency + "/", StringComparison.Ordinal)))
            {
                problems.Add($"the figure is in {currency} but {series.Metric} is in {unit}");
            }
            else if (fig.Currency is null && fig.Scale == 1 && IsMoney(unit) && !unit.Contains('/'))
            {
                problems.Add($"a plain number, but {series.Metric} is an amount in {unit}");
            }
            else if (range is { } each2 && each)
            {
                // "more than $10 billion for two consecutive years": each of them, so the smallest is over the figure.
                var (fn, eachLabel) = (Bound(cues, fig), loss) switch
                {
                    (">", false) => ("min", "each"),
                    (">", true) => ("-max", "loss each"),
                    ("<", false) => ("max", "each"),
                    ("<", true) => ("-min", "loss each"),
                    _ => (null, ""),
                };
                if (fn is null) problems.Add($"a figure for each of {consecutiveOwn!.Count} periods is drafted only as a bound (more than, less than)");
                else if (consensus) problems.Add("a consensus over several periods is not a kind of figure I draft");
                else
                {
                    kind = $"{fn}({name}, {Lit(each2.From)}..{Lit(each2.To)})";
                    kindLabel = eachLabel;
                }
            }
            else if (range is { } rg)
            {
                if (series.Aggregation != Aggregation.Sum) problems.Add($"{series.Metric} is not summed over a range");
                else if (consensus) problems.Add("a consensus over a range is not a kind of figure I draft");
                else
                {
                    kind = $"{(loss ? "-" : "")}sum({name}, {Lit(rg.From)}..{Lit(rg.To)})";
                    kindLabel = loss ? "loss since" : "since";
                }
            }
            else if (Has(Cue.Cumulative)) problems.Add("a cumulative figure without the year it runs from");
            else if (period is { } p)
            {
                if (ChangeWord(s, fig) is { } down && (Has(Cue.Yoy) || Has(Cue.Qoq)))
                {
                    var back = Has(Cue.Yoy) ? (p.TryYearEarlier(out var ye) ? ye : (Period?)null) : p - 1;
                    if (back is { } b)
                    {
                        kind = $"change({name}, {Lit(b)}, {Lit(p)})";
                        kindLabel = Has(Cue.Yoy) ? "change yoy" : "change qoq";
                        if (down) kind = "-" + kind;
                    }
                }
                else if (consensus && entity!.Find(series.Metric, Variant.Consensus) is null)
                {
                    problems.Add($"the data has no consensus for {series.Metric}");
                }
                else if (consensus)
                {
                    kind = $"{(loss ? "-" : "")}consensus({name}, {Lit(p)})";
                    kindLabel = loss ? "loss consensus" : "consensus";
                }
                else
                {
                    kind = $"{signed}[{Lit(p)}]";
                    kindLabel = loss ? "loss" : "";
                }
            }
        }
        else if (metric is not null && series is null && problems.Count == 0)
        {
            problems.Add($"{entity?.Id ?? "the data"} has no {metric}");
        }

        // The operator and the written figure.
        string op = Bound(cues, fig, consensus || relative);
        bool isChange = kind is not null && (kind.StartsWith("yoy", StringComparison.Ordinal) || kind.StartsWith("qoq", StringComparison.Ordinal));
        bool negate = fig.Percent && isChange && fig.Mantissa > 0 && Has(Cue.Down);
        var literal = fig.Literal(negate);
        var figure = new ExtractedFigure(fig.Text, negate ? -fig.Value : fig.Value, fig.Unit, fig.Precision, literal);

        if (kind is null)
        {
            if (problems.Count == 0) problems.Add("the kind of figure is not recognised");
            return (new DraftClaim(quote, figure, null, null, string.Join("; ", problems)), used);
        }
        var query = $"{kind} {op} {literal}";
        if (Unbound(query) is { } bindError)
            return (new DraftClaim(quote, figure, null, null, $"the drafted claim '{query}' does not bind: {bindError}"), used);
        var label = $"{series!.Metric}{(entity == _data.DefaultEntity ? "" : " of " + entity!.Id)}{(kindLabel.Length > 0 ? " " + kindLabel : "")} {PeriodLabel(kind)}";
        return (new DraftClaim(quote, figure, label.Trim(), query, null), used ?? new Topic(series.Metric, entity!, loss));
    }

    /// <summary>
    /// The comparison a bound right before the figure makes: <c>&gt;</c> for "plus de", "more than"; <c>&lt;</c> for "moins de",
    /// "nearly"; a comparative ("supérieur à") only when the figure is not itself a consensus or an earlier period's value.
    /// </summary>
    private string Bound(List<(Cue Cue, int Start, int End, int Figure)> cues, Figure fig, bool comparedToOther = false)
    {
        string op = "~=";
        foreach (var c in cues.Where(c => c.End <= fig.Start && Adjacent(c.End, fig.Start)))
        {
            if (c.Cue == Cue.Over || (c.Cue == Cue.HigherThan && !comparedToOther)) op = ">";
            else if (c.Cue == Cue.Under || (c.Cue == Cue.LowerThan && !comparedToOther)) op = "<";
        }
        return op;
    }

    /// <summary>
    /// The first and last of the consecutive periods a mention such as "deux années consécutives" means: the periods of
    /// its frequency that the sentence states ("en 2022 … en 2021"), when they are as many as it says and follow each other.
    /// </summary>
    private static bool Consecutive(SentenceItems s, Mention m, FiscalCalendar calendar, Period? main, out (Period From, Period To) range, out string why)
    {
        range = default;
        var stated = new SortedSet<Period>();
        foreach (var (t, _) in s.Times)
        {
            if (t.Kind == MentionKind.Period && t.Spec!.Frequency == m.Step && t.Spec.Resolve(calendar, main) is { } p) stated.Add(p);
            else if (t.Kind == MentionKind.Range && t.Spec!.Frequency == m.Step && t.To!.Frequency == m.Step
                && t.Spec.Resolve(calendar, main) is { } a && t.To.Resolve(calendar, main) is { } b && a <= b && b - a < 20)
                for (var q = a; q <= b; q += 1) stated.Add(q);
        }
        string unit = m.Step switch { Frequency.Quarter => "quarters", Frequency.Half => "halves", _ => "years" };
        if (stated.Count != m.Count)
        {
            why = stated.Count == 0
                ? $"'{m.Text}': the sentence does not state which {unit}"
                : $"'{m.Text}': the sentence states {stated.Count} {unit} ({string.Join(", ", stated.Select(p => Literal(p, calendar)))}), not {m.Count}";
            return false;
        }
        if (stated.Max - stated.Min != m.Count - 1)
        {
            why = $"'{m.Text}': the {unit} the sentence states ({string.Join(", ", stated.Select(p => Literal(p, calendar)))}) do not follow each other";
            return false;
        }
        range = (stated.Min, stated.Max);
        why = "";
        return true;
    }

    /// <summary>The words a count names, up to the next verb-like gap: "le nombre de posts sur Threads".</summary>
    private string UnknownWords(int start, int figureStart)
    {
        var words = Words.Split(_text, start, figureStart).Take(5).ToList();
        return words.Count == 0 ? "" : _text[words[0].Start..words[^1].End];
    }

    private static string PeriodLabel(string kind)
    {
        int open = kind.LastIndexOfAny(['[', ',']);
        int close = kind.LastIndexOfAny([']', ')']);
        return open >= 0 && close > open ? kind[(open + 1)..close].Trim() : "";
    }

    /// <summary>
    /// Whether a figure can be a value of a series: a percent can be a change of anything; an amount needs a series in its
    /// currency (or per unit of it), a plain number one that is not money, and a per-unit series ("USD/share") no
    /// figure in millions.
    /// </summary>
    private static bool Fits(Figure fig, MetricSeries series)
    {
        if (fig.Percent) return true;
        var unit = series.Unit;
        if (fig.Currency is { } c) return (unit == c || unit.StartsWith(c + "/", StringComparison.Ordinal)) && !(unit.Contains('/') && fig.Scale >= 1e6);
        return !(IsMoney(unit) && !unit.Contains('/') && fig.Scale == 1) && !(unit.Contains('/') && fig.Scale >= 1e6);
    }

    private static bool IsMoney(string unit) => unit.Length >= 3 && unit[..3].All(char.IsAsciiLetterUpper) && (unit.Length == 3 || unit[3] == '/');

    private static int Gap(Mention t, Figure f) => f.Start >= t.End ? f.Start - t.End : t.Start >= f.End ? t.Start - f.End : 0;

    /// <summary>Only filler words (articles, "de", "of") between a cue and its figure: "plus de 100 millions", "over $10 billion".</summary>
    private bool Adjacent(int from, int to) =>
        to >= from && to - from < 40 && Words.Split(_text, from, to).All(w => _lexicon.Fillers.Contains(w.Text) || _lexicon.Connectors.Contains(w.Text));

    /// <summary>
    /// A change of an amount ("up $1.7 billion", "une hausse de 3 milliards"): an up or down word right before it,
    /// with no "to" word ("rose to $32B" is a level). True for down, false for up, null if none.
    /// </summary>
    private bool? ChangeWord(SentenceItems s, Figure fig)
    {
        foreach (var c in s.Cues.Where(c => c.Cue is Cue.Up or Cue.Down && c.End <= fig.Start).OrderByDescending(c => c.End).Take(1))
        {
            var between = Words.Split(_text, c.End, fig.Start);
            if (between.Any(w => _lexicon.To.Contains(w.Text))) return null;
            if (Adjacent(c.End, fig.Start)) return c.Cue == Cue.Down;
        }
        return null;
    }

    private string? Unbound(string query)
    {
        if (!Query.TryParse(query, out var q, out var error)) return error.Message;
        try
        {
            q.Bind(_data);
            return null;
        }
        catch (FinQueryException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>A period as a literal: <c>2023Q2</c>, or <c>FY2024Q4</c> for a year that does not end in December.</summary>
    internal static string Literal(Period p, FiscalCalendar calendar) =>
        calendar.YearEndMonth != 12 && p.Frequency is Frequency.Year or Frequency.Half or Frequency.Quarter ? "FY" + p : p.ToString();
}
