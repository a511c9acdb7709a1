using System.Globalization;
using System.IO.Compression;

namespace FinQuery.Data.Sec;

/// <summary>
/// Loads SEC company facts from a single file, a folder of them or the bulk <c>companyfacts.zip</c> (read entry by
/// entry in memory, never unpacked to disk, each entry's expanded size capped). A single file loads all or nothing;
/// in a folder or archive a bad company is skipped and reported, or fails the load when strict.
/// </summary>
internal static class SecLoader
{
    private const int SniffBytes = 64 * 1024;

    /// <summary>Loads <paramref name="path"/> when it is SEC data (a folder, a zip archive or a company facts file); false to let other loaders try.</summary>
    public static bool TryLoad(string path, DataLoadOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Dataset? dataset)
    {
        dataset = null;
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase)) return false;
        if (Directory.Exists(path))
        {
            dataset = LoadFolder(path, options);
            return true;
        }
        byte[] head;
        try
        {
            using var stream = File.OpenRead(path);
            head = new byte[(int)Math.Min(SniffBytes, stream.Length)];
            stream.ReadExactly(head);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false; // the other loaders report a missing or unreadable file
        }
        if (IsZip(head))
        {
            dataset = LoadZip(path, options);
            return true;
        }
        if (CompanyFactsReader.Sniff(head) != JsonContent.CompanyFacts) return false;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var context = new Context(options, ReadTickersBeside(folder), ReadNamesBeside(folder));
        var entity = context.Build(ReadFile(path, options), path);
        dataset = new Dataset([entity], null, context.Aliases);
        return true;
    }

    private static bool IsZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 && head[3] is 4 or 6;

    /// <summary>What every company of one source shares: tickers, standard names, CIKs seen so far.</summary>
    private sealed class Context(DataLoadOptions options, Dictionary<long, List<string>> tickers, IReadOnlyList<StandardName> names)
    {
        private readonly Dictionary<long, string> _ciks = [];
        private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);
        public List<Entity> Entities { get; } = [];
        public List<DataFileException> Skipped { get; } = [];

        public Entity Build(byte[] utf8, string file)
        {
            var company = CompanyFactsReader.Read(utf8, file);
            if (!_ciks.TryAdd(company.Cik, file))
                throw new DataFileException(file, "$.cik", $"{company.CikId} ({company.EntityName}) is also in {_ciks[company.Cik]}");
            string id = company.CikId;
            var aliases = new List<string>();
            if (tickers.TryGetValue(company.Cik, out var list))
            {
                foreach (var t in list)
                {
                    var asId = SecTickers.AsId(t);
                    if (asId is null || _ids.Contains(asId) || aliases.Contains(asId, StringComparer.OrdinalIgnoreCase)) continue;
                    aliases.Add(asId);
                }
            }
            if (aliases.Count > 0)
            {
                id = aliases[0];
                aliases[0] = company.CikId;
            }
            Entity entity;
            try
            {
                entity = SecEntityBuilder.Build(company, id, names);
            }
            catch (ArgumentException ex)
            {
                throw new DataFileException(file, "$", ex.Message.TrimEnd('.'), ex);
            }
            _ids.Add(id);
            foreach (var a in aliases)
            {
                _ids.Add(a);
                Aliases.Add((a, id));
            }
            return entity;
        }

        /// <summary>Other names of the entities: the CIK, other tickers.</summary>
        public List<(string Alias, string EntityId)> Aliases { get; } = [];

        /// <summary>Adds a company of a folder or archive, or skips it with its error (fails when strict).</summary>
        public void Add(Func<byte[]> read, string file)
        {
            int aliases = Aliases.Count;
            try
            {
                Entities.Add(Build(read(), file));
            }
            catch (DataFileException ex) when (!options.Strict)
            {
                Aliases.RemoveRange(aliases, Aliases.Count - aliases);
                Skipped.Add(ex);
            }
        }

        public Dataset ToDataset() => new Dataset(Entities, null, Aliases).WithSkipped(Skipped);
    }

    private static Dataset LoadFolder(string folder, DataLoadOptions options)
    {
        var context = new Context(options, ReadTickersBeside(folder), ReadNamesBeside(folder));
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*.json");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(folder, "folder", $"cannot list the folder: {ex.Message}", ex);
        }
        Array.Sort(files, StringComparer.Ordinal);
        if (!files.Any(f => !Path.GetFileName(f).Equals(SecTickers.FileName, StringComparison.OrdinalIgnoreCase)))
            throw new DataFileException(folder, "folder", "there are no company facts files (CIK##########.json) in the folder");
        foreach (var file in files)
        {
            if (Path.GetFileName(file).Equals(SecTickers.FileName, StringComparison.OrdinalIgnoreCase)) continue;
            context.Add(() =>
            {
                var bytes = ReadFile(file, options);
                if (CompanyFactsReader.Sniff(bytes) != JsonContent.CompanyFacts)
                    throw new DataFileException(file, "$", "not SEC company facts (expected an object with cik, entityName and facts)");
                return bytes;
            }, file);
        }
        return context.ToDataset();
    }

    private static Dataset LoadZip(string path, DataLoadOptions options)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, "file", $"cannot read the zip archive: {ex.Message}", ex);
        }
        using (zip)
        {
            var entries = zip.Entries.Where(e => e.Name.Length > 0).ToList();
            ZipArchiveEntry? Find(string name) => entries.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var tickerEntry = Find(SecTickers.FileName);
            var tickers = tickerEntry is not null
                ? SecTickers.Read(ReadEntry(path, tickerEntry, options), EntryName(path, tickerEntry))
                : ReadTickersBeside(folder);
            var namesEntry = Find(StandardNames.FileName);
            var names = namesEntry is not null
                ? StandardNames.Extend(StandardNames.Default, StandardNames.Parse(System.Text.Encoding.UTF8.GetString(ReadEntry(path, namesEntry, options)), EntryName(path, namesEntry)))
                : ReadNamesBeside(folder);
            var context = new Context(options, tickers, names);
            foreach (var entry in entries)
            {
                if (entry == tickerEntry || entry == namesEntry || !entry.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
                string name = EntryName(path, entry);
                context.Add(() =>
                {
                    var bytes = ReadEntry(path, entry, options);
                    if (CompanyFactsReader.Sniff(bytes) != JsonContent.CompanyFacts)
                        throw new DataFileException(name, "$", "not SEC company facts (expected an object with cik, entityName and facts)");
                    return bytes;
                }, name);
            }
            return context.ToDataset();
        }
    }

    private static string EntryName(string zip, ZipArchiveEntry entry) => $"{zip}: entry {entry.FullName}";

    /// <summary>An entry's bytes, refused when its expanded size passes the cap (declared or actual).</summary>
    private static byte[] ReadEntry(string zip, ZipArchiveEntry entry, DataLoadOptions options)
    {
        string name = EntryName(zip, entry);
        if (entry.Length > options.MaxFileBytes)
            throw TooLarge(name, entry.Length, options);
        try
        {
            var buffer = new byte[entry.Length];
            using var stream = entry.Open();
            stream.ReadExactly(buffer);
            if (stream.ReadByte() >= 0)
                throw new DataFileException(name, "file", "the entry expands to more bytes than its header says");
            return buffer;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or EndOfStreamException)
        {
            throw new DataFileException(name, "file", $"cannot read the entry: {ex.Message}", ex);
        }
    }

    private static DataFileException TooLarge(string file, long size, DataLoadOptions options) =>
        new(file, "file", string.Create(CultureInfo.InvariantCulture,
            $"it expands to {size:N0} bytes, more than the limit of {options.MaxFileBytes:N0} bytes for one company"));

    private static byte[] ReadFile(string path, DataLoadOptions options)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > options.MaxFileBytes) throw TooLarge(path, info.Length, options);
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, "file", $"cannot read the file: {ex.Message}", ex);
        }
    }

    private static Dictionary<long, List<string>> ReadTickersBeside(string folder)
    {
        var file = Path.Combine(folder, SecTickers.FileName);
        return File.Exists(file) ? SecTickers.Read(ReadFile(file, DataLoadOptions.Default), file) : [];
    }

    private static IReadOnlyList<StandardName> ReadNamesBeside(string folder)
    {
        var file = Path.Combine(folder, StandardNames.FileName);
        if (!File.Exists(file)) return StandardNames.Default;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(file, "file", $"cannot read the file: {ex.Message}", ex);
        }
        return StandardNames.Extend(StandardNames.Default, StandardNames.Parse(text, file));
    }
}
