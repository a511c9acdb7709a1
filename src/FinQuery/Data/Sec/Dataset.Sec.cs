using FinQuery.Data.Sec;

namespace FinQuery;

public sealed partial class Dataset
{
    /// <summary>
    /// Loads a data file, an SEC company facts file, a folder of company facts files or the SEC's bulk
    /// <c>companyfacts.zip</c> (recognised by content), with <paramref name="options"/> for folders and archives.
    /// </summary>
    /// <remarks>
    /// SEC company facts become one entity per company, named by its ticker when a <c>company_tickers.json</c>
    /// lies in the same folder or archive, and always by <c>CIK</c> and ten digits; see the SEC guide in the docs.
    /// A bad company in a folder or archive is skipped and listed in <see cref="Skipped"/>, unless
    /// <see cref="DataLoadOptions.Strict"/> is set.
    /// </remarks>
    /// <param name="path">A file or folder.</param>
    /// <param name="options">How to treat bad companies in a folder or archive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="DataFileException">The data cannot be read or loaded; the message names the file (and archive entry) and the place in it.</exception>
    public static Dataset Load(string path, DataLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        return SecLoader.TryLoad(path, options, out var sec) ? sec : Load(path);
    }

    /// <summary>Loads several data files or folders (see <see cref="Load(string, DataLoadOptions)"/>) into one dataset.</summary>
    /// <remarks>
    /// Entity ids (and SEC aliases) must differ across the sources. The default entity is the one default of
    /// the sources when exactly one of them has a default (its <c>defaultEntity</c>, or its only entity); otherwise there is none.
    /// </remarks>
    /// <param name="paths">Files or folders, at least one.</param>
    /// <param name="options">How to treat bad companies in a folder or archive (<see cref="DataLoadOptions.Default"/> for the defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> or <paramref name="options"/> is null, or a path is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty.</exception>
    /// <exception cref="DataFileException">A source cannot be loaded, or two sources define the same entity.</exception>
    public static Dataset Load(IEnumerable<string> paths, DataLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var loaded = new List<(string Path, Dataset Data)>();
        foreach (var path in paths)
        {
            ArgumentNullException.ThrowIfNull(path, nameof(paths));
            loaded.Add((path, Load(path, options)));
        }
        if (loaded.Count == 0) throw new ArgumentException("No data source was given.", nameof(paths));
        return loaded.Count == 1 ? loaded[0].Data : Combine(loaded);
    }

    /// <summary>Company facts files that could not be loaded from a folder or archive and were skipped, each with why.</summary>
    public IReadOnlyList<DataFileException> Skipped { get; private set; } = [];

    internal Dataset WithSkipped(IReadOnlyList<DataFileException> skipped)
    {
        Skipped = skipped;
        return this;
    }

    /// <summary>One dataset of the entities of freshly loaded ones (which must not be used afterwards: their entities move).</summary>
    private static Dataset Combine(List<(string Path, Dataset Data)> sources)
    {
        var entities = new List<Entity>();
        var aliases = new List<(string Alias, string EntityId)>();
        var from = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var defaults = sources.Where(s => s.Data.DefaultEntity is not null).Select(s => s.Data.DefaultEntity!.Id).ToList();
        foreach (var (path, data) in sources)
        {
            foreach (var name in data.Entities.Select(e => e.Id).Concat(data._aliases.Select(a => a.Alias)))
            {
                if (from.TryGetValue(name, out var other))
                    throw new DataFileException(path, "file", $"entity {name} is also in {other}");
                from[name] = path;
            }
            entities.AddRange(data.Entities.Select(e => new Entity(e.Id, e.Name, e.Calendar, e.Series)));
            aliases.AddRange(data._aliases);
        }
        return new Dataset(entities, defaults.Count == 1 ? defaults[0] : null, aliases)
            .WithSkipped(sources.SelectMany(s => s.Data.Skipped).ToList());
    }
}
