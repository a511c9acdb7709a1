namespace FinQuery.Claims;

/// <summary>Where a claim's figures come from: the data's source of each observation it used.</summary>
internal static class ClaimSources
{
    public static IReadOnlyList<string> Of(Provenance provenance)
    {
        var sources = new List<string>();
        // Filled in from each observation's source once the data carries one.
        _ = provenance;
        return sources;
    }
}
