using System.Text;
using System.Text.Json;
using FinQuery.Data;

namespace FinQuery;

public sealed partial class Dataset
{
    /// <summary>
    /// Loads a data file, choosing the format by its extension: <c>.json</c> (see <see cref="LoadJson(string)"/>)
    /// or <c>.csv</c> (see <see cref="LoadCsv(string)"/>); SEC company facts (a file, a folder or <c>companyfacts.zip</c>)
    /// are recognised by content (see <see cref="Load(string, DataLoadOptions)"/>).
    /// </summary>
    /// <param name="path">The path of the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFileException">The extension is neither .json nor .csv, or the file cannot be read or loaded.</exception>
    public static Dataset Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (FinQuery.Data.Sec.SecLoader.TryLoad(path, DataLoadOptions.Default, out var sec)) return sec;
        string extension = Path.GetExtension(path);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase)) return LoadJson(path);
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase)) return LoadCsv(path);
        throw new DataFileException(path, "file",
            extension.Length == 0
                ? "the file has no extension: expected .json or .csv"
                : $"unknown data file type {DatasetDraft.Quote(extension)}: expected .json or .csv");
    }

    /// <summary>
    /// Loads a JSON data file (UTF-8, with or without a byte-order mark) in this format: <c>{"defaultEntity": …, "entities": [{"id", "name", "fiscalYearEndMonth", "series": [{"metric",
    /// "variant", "unit", "scale", "aggregation", "source", "filed", "values": {"2023Q2": 31999}}]}]}</c>.
    /// </summary>
    /// <remarks>
    /// Required: <c>entities</c>, each entity's <c>id</c>, each series' <c>metric</c> and <c>values</c>.
    /// Defaults: <c>name</c> = the id, <c>fiscalYearEndMonth</c> = 12, <c>variant</c> = <c>actual</c>,
    /// <c>unit</c> = none (an empty unit: a plain number), <c>scale</c> = 1, <c>aggregation</c> = <c>none</c>.
    /// Values are multiplied by the scale. <c>source</c> (free text) and <c>filed</c> (the day the values were
    /// published, <c>2023-07-26</c>) are optional; the same metric and variant may appear in several series
    /// objects with different <c>filed</c> days (a restatement: the latest publication is the value, and
    /// <see cref="AsOf"/> sees the others). Property names are case-sensitive; unknown properties are
    /// ignored; an optional property given as <c>null</c> takes its default; comments and trailing commas
    /// are allowed. Ids and metric names compare case-insensitively, so <c>META</c> and <c>meta</c> clash.
    /// </remarks>
    /// <param name="path">The path of the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFileException">The file cannot be read, is not valid JSON, or does not fit the data model; the message names the JSON path.</exception>
    public static Dataset LoadJson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ParseJson(ReadBytes(path), path);
    }

    /// <summary>
    /// Loads a CSV data file in long form: a header such as <c>entity,metric,variant,period,value,unit,scale,aggregation</c>,
    /// then one observation per row.
    /// </summary>
    /// <remarks>
    /// Columns are matched by name (case-insensitive, in any order). <c>entity</c>, <c>metric</c>,
    /// <c>period</c> and <c>value</c> are required; <c>variant</c>, <c>unit</c>, <c>scale</c> and
    /// <c>aggregation</c> are optional, and an empty cell takes the default (<c>actual</c>, no unit, 1,
    /// <c>none</c>). Optional <c>name</c> and <c>fiscalYearEndMonth</c> columns describe the entity (an
    /// empty cell leaves it unchanged; otherwise the name is the id and the year ends in December). Optional
    /// <c>source</c> and <c>filed</c> columns describe each row's observation; a period may appear again with
    /// another <c>filed</c> day (a restatement).
    /// Other columns are ignored; when the last column is one of them, or <c>source</c>, it may contain unquoted commas,
    /// as free-text notes often do. Quoting follows RFC 4180; CRLF or LF line ends, a byte-order mark
    /// and blank lines are fine. Numbers use the invariant culture (<c>2.98</c>, <c>1e6</c>; <c>1,5</c>
    /// is an error). The rows of one entity, metric and variant form one series and must agree on unit,
    /// scale and aggregation. Entities appear in first-seen order; there is no default entity unless
    /// the data has only one.
    /// </remarks>
    /// <param name="path">The path of the file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="DataFileException">The file cannot be read or a row is invalid; the message names the line and column.</exception>
    public static Dataset LoadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // The fast path reads the file in blocks; when it gives up, the whole text is read again and validated,
        // and that reports what is wrong (a file that cannot be opened included).
        if (TryLoadCsvInBlocks(path) is { } data) return data;
        return ParseCsv(ReadBytes(path), path, fast: false);
    }

    private static Dataset? TryLoadCsvInBlocks(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            return CsvFastReader.TryRead(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return null;
        }
    }

    /// <summary>Loads JSON data (see <see cref="LoadJson(string)"/>) from a stream, which is read to its end and not closed.</summary>
    /// <param name="stream">The data, UTF-8 (a byte-order mark selects another Unicode encoding).</param>
    /// <param name="sourceName">The name errors give for the data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFileException">The stream cannot be read or the data is invalid.</exception>
    public static Dataset LoadJson(Stream stream, string sourceName = "<json>") =>
        ParseJson(ReadStreamBytes(stream, sourceName), sourceName);

    /// <summary>Loads CSV data (see <see cref="LoadCsv(string)"/>) from a stream, which is read to its end and not closed.</summary>
    /// <param name="stream">The data, UTF-8 (a byte-order mark selects another Unicode encoding).</param>
    /// <param name="sourceName">The name errors give for the data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFileException">The stream cannot be read or the data is invalid.</exception>
    public static Dataset LoadCsv(Stream stream, string sourceName = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (!stream.CanSeek) return ParseCsv(ReadStreamBytes(stream, sourceName), sourceName);
        // A stream that can go back is read in blocks first, like a file.
        long start;
        try
        {
            start = stream.Position;
            if (CsvFastReader.TryRead(stream) is { } data) return data;
            stream.Position = start;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException or ArgumentException)
        {
            throw new DataFileException(sourceName, "file", $"cannot read the data: {ex.Message}", ex);
        }
        return ParseCsv(ReadStreamBytes(stream, sourceName), sourceName, fast: false);
    }

    /// <summary>Reads JSON data (see <see cref="LoadJson(string)"/>) from text.</summary>
    /// <param name="json">The JSON text; a leading byte-order mark is ignored.</param>
    /// <param name="sourceName">The name errors give for the data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFileException">The text is not valid JSON or does not fit the data model; the message names the JSON path.</exception>
    public static Dataset ParseJson(string json, string sourceName = "<json>")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        try
        {
            return JsonDatasetReader.Parse(json, sourceName);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw new DataFileException(sourceName, "$", $"cannot load the data: {ex.Message}", ex);
        }
    }

    private static Dataset ParseJson(byte[] json, string sourceName)
    {
        try
        {
            return JsonDatasetReader.Parse(json, sourceName);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw new DataFileException(sourceName, "$", $"cannot load the data: {ex.Message}", ex);
        }
    }

    /// <summary>Reads CSV data (see <see cref="LoadCsv(string)"/>) from text.</summary>
    /// <param name="csv">The CSV text; a leading byte-order mark is ignored.</param>
    /// <param name="sourceName">The name errors give for the data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="csv"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="DataFileException">A row is invalid; the message names the line and column.</exception>
    public static Dataset ParseCsv(string csv, string sourceName = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(sourceName);
        try
        {
            return CsvDatasetReader.Parse(csv, sourceName);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw new DataFileException(sourceName, "file", $"cannot load the data: {ex.Message}", ex);
        }
    }

    private static Dataset ParseCsv(byte[] csv, string sourceName, bool fast = true)
    {
        try
        {
            return CsvDatasetReader.Parse(csv, sourceName, fast);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw new DataFileException(sourceName, "file", $"cannot load the data: {ex.Message}", ex);
        }
    }

    // A safety net: the readers validate everything and report it with a location, but no parsing or
    // model exception may reach the host as anything but a DataFileException.
    private static bool IsDataError(Exception ex) => ex is JsonException or FormatException or ArgumentException
        or OverflowException or InvalidOperationException or IndexOutOfRangeException;

    private static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFileException(path, "file", "the file does not exist", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            throw new DataFileException(path, "file", $"cannot read the file: {ex.Message}", ex);
        }
    }

    private static byte[] ReadStreamBytes(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        try
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException or ArgumentException)
        {
            throw new DataFileException(sourceName, "file", $"cannot read the data: {ex.Message}", ex);
        }
    }
}
