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

        /// <summary>One company's bytes at a time: grown to the largest file or entry and reused for every one.</summary>
        public byte[] Buffer = [];

        /// <summary>One company's facts at a time (they are garbage once its entity is built).</summary>
        private readonly FactStore _facts = new();

        public Entity Build(ReadOnlySpan<byte> utf8, string file)
        {
            var company = CompanyFactsReader.Read(utf8, file, _facts);
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
        public void Add(Func<Context, ArraySegment<byte>> read, string file)
        {
            int aliases = Aliases.Count;
            try
            {
                Entities.Add(Build(read(this), file));
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
            context.Add(c =>
            {
                var bytes = ReadFile(file, options, ref c.Buffer);
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
                context.Add(c =>
                {
                    var bytes = ReadEntry(path, entry, options, ref c.Buffer);
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
        byte[] buffer = [];
        var bytes = ReadEntry(zip, entry, options, ref buffer);
        return bytes.Count == buffer.Length ? buffer : bytes.ToArray();
    }

    /// <summary>
    /// An entry's bytes in <paramref name="buffer"/> (grown when too small), refused when its expanded size
    /// passes the cap (declared or actual): an archive of thousands of companies holds one entry in memory at a time.
    /// </summary>
    private static ArraySegment<byte> ReadEntry(string zip, ZipArchiveEntry entry, DataLoadOptions options, ref byte[] buffer)
    {
        string name = EntryName(zip, entry);
        if (entry.Length > options.MaxFileBytes)
            throw TooLarge(name, entry.Length, options);
        try
        {
            int length = (int)entry.Length;
            Grow(ref buffer, length);
            using var stream = entry.Open();
            stream.ReadExactly(buffer, 0, length);
            if (stream.ReadByte() >= 0)
                throw new DataFileException(name, "file", "the entry expands to more bytes than its header says");
            return new ArraySegment<byte>(buffer, 0, length);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or EndOfStreamException)
        {
            throw new DataFileException(name, "file", $"cannot read the entry: {ex.Message}", ex);
        }
    }

    private static void Grow(ref byte[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new byte[Math.Max(length, Math.Min(Array.MaxLength, (long)buffer.Length * 2))];
    }

    private static DataFileException TooLarge(string file, long size, DataLoadOptions options) =>
        new(file, "file", string.Create(CultureInfo.InvariantCulture,
            $"it expands to {size:N0} bytes, more than the limit of {options.MaxFileBytes:N0} bytes for one company"));

    private static byte[] ReadFile(string path, DataLoadOptions options)
    {
        byte[] buffer = [];
        var bytes = ReadFile(path, options, ref buffer);
        return bytes.Count == buffer.Length ? buffer : bytes.ToArray();
    }

    /// <summary>A file's bytes in <paramref name="buffer"/> (grown when too small).</summary>
    private static ArraySegment<byte> ReadFile(string path, DataLoadOptions options, ref byte[] buffer)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            long size = stream.Length;
            if (size > options.MaxFileBytes) throw TooLarge(path, size, options);
            Grow(ref buffer, (int)size);
            int length = stream.ReadAtLeast(buffer.AsSpan(0, (int)size), (int)size, throwOnEndOfStream: false);
            return new ArraySegment<byte>(buffer, 0, length);
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
