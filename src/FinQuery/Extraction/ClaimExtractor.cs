using FinQuery.Extraction;

namespace FinQuery;

/// <summary>
/// Drafts claims from a news story: finds every figure in a French or English text, and for each one
/// recognises the metric, the period and the kind of figure (a level, a change year over year or quarter over
/// quarter, a consensus, a sum since a year, a loss) through a <see cref="Lexicon"/>, then writes a claim
/// (<c>revenue[2023Q2] ~= 32B</c>) that binds against the data, or says what it did not recognise.
/// </summary>
/// <example>
/// <code>
/// var result = ClaimExtractor.Extract(File.ReadAllText("article.txt"), data);
/// foreach (var claim in result.Claims) Console.WriteLine(claim.Line);
/// </code>
/// </example>
public static class ClaimExtractor
{
    /// <summary>Drafts the claims of a story.</summary>
    /// <param name="text">The story.</param>
    /// <param name="data">The data the claims are to be checked against: its metric names, entities and fiscal calendars.</param>
    /// <param name="entity">The entity the story is about; by default the data's default entity, else the one the story names most.</param>
    /// <param name="language"><c>fr</c> or <c>en</c> (or a language <paramref name="lexicon"/> is for); detected when null.</param>
    /// <param name="lexicon">A lexicon to use for its language instead of the shipped one (see <see cref="Lexicon.Parse"/>).</param>
    /// <exception cref="ExtractionException">The text is empty, binary, longer than 1,000,000 characters, or in neither language.</exception>
    /// <exception cref="ArgumentException"><paramref name="entity"/> is not in the data, or no lexicon exists for <paramref name="language"/>.</exception>
    public static ExtractionResult Extract(string text, Dataset data, string? entity = null, string? language = null, Lexicon? lexicon = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(data);
        if (StoryText.Problem(text) is { } problem) throw new ExtractionException(problem);
        Entity? story = null;
        if (entity is not null)
            story = data.FindEntity(entity) ?? throw new ArgumentException($"unknown entity '{entity}'; the data has {string.Join(", ", data.Entities.Select(e => e.Id))}", nameof(entity));

        var candidates = Lexicon.Languages.Select(l => lexicon is not null && lexicon.Language == l ? lexicon : Lexicon.ForLanguage(l)).ToList();
        if (lexicon is not null && !candidates.Contains(lexicon)) candidates.Add(lexicon);
        Lexicon chosen;
        if (language is not null)
        {
            chosen = candidates.FirstOrDefault(l => string.Equals(l.Language, language, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"no lexicon for language '{language}'; use {string.Join(" or ", candidates.Select(c => c.Language))}", nameof(language));
        }
        else
        {
            var (detected, evidence) = StoryText.DetectLanguage(text, candidates);
            if (detected is null)
                throw new ExtractionException($"the text does not read as {string.Join(" or ", candidates.Select(c => LanguageName(c.Language)))} (share of common words: {evidence}); give --lang if it is one of them");
            chosen = candidates.First(c => c.Language == detected);
        }
        return new Drafter(text, data, chosen, story).Run();
    }

    private static string LanguageName(string code) => code switch
    {
        "fr" => "French",
        "en" => "English",
        _ => code,
    };
}
