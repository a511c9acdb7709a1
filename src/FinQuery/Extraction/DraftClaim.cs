using System.Globalization;
using System.Text;

namespace FinQuery;

/// <summary>A figure as a story writes it, read into a number.</summary>
public sealed class ExtractedFigure
{
    internal ExtractedFigure(string text, double value, string unit, double precision, string literal)
    {
        Text = text;
        Value = value;
        Unit = unit;
        Precision = precision;
        Literal = literal;
    }

    /// <summary>The figure as written, for example <c>31,06 milliards de dollars</c>.</summary>
    public string Text { get; }

    /// <summary>The number it states: <c>31060000000</c>; a percent as a ratio (<c>11 %</c> is <c>0.11</c>).</summary>
    public double Value { get; }

    /// <summary>A currency code (<c>USD</c>), <c>%</c>, or empty for a plain number.</summary>
    public string Unit { get; }

    /// <summary>One unit of its last written digit, in the same terms as <see cref="Value"/>: <c>1e7</c> for <c>31,06 milliards</c>.</summary>
    public double Precision { get; }

    /// <summary>The figure as a FinQuery number literal with the same written digits: <c>31.06B</c>, <c>11%</c>, <c>71469</c>.</summary>
    public string Literal { get; }

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>
/// One figure found in a story: the sentence it is in, the figure, and either a drafted claim
/// (<c>label: query ~= figure</c>) that binds against the data, or why no claim was drafted.
/// </summary>
public sealed class DraftClaim
{
    internal DraftClaim(string sentence, ExtractedFigure figure, string? label, string? query, string? why)
    {
        Sentence = sentence;
        Figure = figure;
        Label = label;
        Query = query;
        Why = why;
    }

    /// <summary>The sentence the figure is in, on one line.</summary>
    public string Sentence { get; }

    /// <summary>The figure.</summary>
    public ExtractedFigure Figure { get; }

    /// <summary>A short label for the claim (<c>revenue yoy 2023Q2</c>), or null when no claim was drafted.</summary>
    public string? Label { get; }

    /// <summary>The claim, for example <c>yoy(revenue, 2023Q2) ~= 11%</c>, or null when the figure was not recognised.</summary>
    public string? Query { get; }

    /// <summary>True when a claim was drafted.</summary>
    public bool Recognised => Query is not null;

    /// <summary>What was not recognised (the metric, the period, the kind of figure), or null for a drafted claim.</summary>
    public string? Why { get; }

    /// <summary>The line for a claims file: <c>label: query</c>, or <c># ? figure: why</c>.</summary>
    public string Line => Query is not null ? $"{Label}: {Query}" : $"# ? {Figure.Text} ({Figure.Literal}{(Figure.Unit is "" or "%" ? "" : " " + Figure.Unit)}): {Why}";
}

/// <summary>What <see cref="ClaimExtractor.Extract"/> found in a story.</summary>
public sealed class ExtractionResult
{
    internal ExtractionResult(string language, string? mainPeriod, string? entity, IReadOnlyList<DraftClaim> claims)
    {
        Language = language;
        MainPeriod = mainPeriod;
        Entity = entity;
        Claims = claims;
    }

    /// <summary>The story's language: given, or detected (<c>fr</c>, <c>en</c>).</summary>
    public string Language { get; }

    /// <summary>The story's main period (its most frequent explicit period), as a period literal; null if it names none.</summary>
    public string? MainPeriod { get; }

    /// <summary>The entity the story is about (given, the data's default, else the one it names most); null if none.</summary>
    public string? Entity { get; }

    /// <summary>Every figure found, in story order.</summary>
    public IReadOnlyList<DraftClaim> Claims { get; }

    /// <summary>
    /// The draft as a claims file: a header, then for each sentence with figures a <c>#</c> comment quoting it,
    /// followed by one line per figure, a claim or a <c># ?</c> line.
    /// </summary>
    public string ToClaimsFile(string? source = null)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"# Claims drafted by finq extract{(source is null ? "" : " from " + source)} ({Language}");
        if (Entity is not null) sb.Append(inv, $", entity {Entity}");
        if (MainPeriod is not null) sb.Append(inv, $", main period {MainPeriod}");
        sb.Append(")\n");
        int held = Claims.Count(c => c.Recognised);
        sb.Append(inv, $"# {Claims.Count} figures: {held} drafted as claims, {Claims.Count - held} not recognised (# ?). Read them before you run finq check.\n");
        string? last = null;
        foreach (var claim in Claims)
        {
            if (!ReferenceEquals(claim.Sentence, last) && claim.Sentence != last)
            {
                sb.Append('\n').Append("# ").Append(claim.Sentence).Append('\n');
                last = claim.Sentence;
            }
            sb.Append(claim.Line).Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>Raised when a story cannot be read: empty, binary, too long, or in a language without a lexicon.</summary>
public sealed class ExtractionException : Exception
{
    /// <summary>Creates the exception with a plain-language message.</summary>
    public ExtractionException(string message) : base(message)
    {
    }
}
