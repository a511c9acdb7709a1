namespace FinQuery;

/// <summary>How <see cref="Dataset.Load(string, DataLoadOptions)"/> treats a folder or archive of SEC company facts.</summary>
public sealed class DataLoadOptions
{
    /// <summary>The defaults: a bad company in a folder or archive is skipped and listed in <see cref="Dataset.Skipped"/>.</summary>
    public static DataLoadOptions Default { get; } = new();

    /// <summary>
    /// When true, a bad company file in a folder or archive fails the whole load instead of being skipped.
    /// A single file always loads all or nothing.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>The largest company facts file or archive entry read, in bytes (expanded size for an archive entry).</summary>
    internal long MaxFileBytes { get; init; } = 1L << 30;
}
