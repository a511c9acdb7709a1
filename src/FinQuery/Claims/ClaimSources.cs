namespace FinQuery.Claims;

/// <summary>Where a claim's figures come from: the data's <c>source</c> of each reported observation it used.</summary>
internal static class ClaimSources
{
    /// <summary>The distinct sources, in the order first used (derived values have none: their parts follow them).</summary>
    public static IReadOnlyList<string> Of(Provenance provenance)
    {
        var sources = new List<string>();
        foreach (var entry in provenance.Entries)
        {
            if (entry.Source is { Length: > 0 } source && !sources.Contains(source)) sources.Add(source);
        }
        return sources;
    }
}
