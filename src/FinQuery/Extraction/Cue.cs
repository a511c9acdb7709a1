namespace FinQuery.Extraction;

/// <summary>The kinds of phrase a lexicon lists under <c>cues</c>.</summary>
internal enum Cue
{
    Yoy,
    Qoq,
    Consensus,
    Cumulative,
    Loss,
    Down,
    Up,
    Over,
    Under,
    About,
    HigherThan,
    LowerThan,
    YearEarlier,
    QuarterEarlier,
    ThisYear,
    /// <summary>"in the quarter", "sur le trimestre": the story's quarter (the last one of its main period).</summary>
    ThisQuarter,
    /// <summary>"le nombre de", "the number of": a metric is named here, known or not.</summary>
    CountOf,
    Vague,
    /// <summary>"the highest since", "le plus haut niveau depuis": a "since" right after it dates the record, not the figure.</summary>
    Record,
    /// <summary>"in line with", "en ligne avec": a relative period right after it is the basis compared with, not the figure's.</summary>
    Flat,
    /// <summary>"or", "ou" opening the clause of a figure that restates the one before ("$1.62 billion, or $0.48 per share").</summary>
    Apposition,
}

/// <summary>
/// A metric phrase: the metric names it may stand for, first found wins, and whether it names a loss. A margin
/// ("gross margin") also names the metric it is a share of (<see cref="RatioOf"/>, "revenue"): a percent is the ratio.
/// </summary>
internal sealed record MetricWords(string[] Names, bool Loss)
{
    public string Phrase { get; init; } = "";

    public string? RatioOf { get; init; }
}
