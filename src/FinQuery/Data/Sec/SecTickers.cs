using System.Text.Json;

namespace FinQuery.Data.Sec;

/// <summary>
/// The SEC's <c>company_tickers.json</c>: <c>{"0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."}, …}</c>,
/// read into tickers by CIK in the file's order (a company with several share classes has several).
/// </summary>
internal static class SecTickers
{
    public const string FileName = "company_tickers.json";

    public static Dictionary<long, List<string>> Read(ReadOnlySpan<byte> utf8, string file)
    {
        var result = new Dictionary<long, List<string>>();
        var reader = new Utf8JsonReader(utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8);
        string where = "$";
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) throw new DataFileException(file, where, "expected an object of companies ({\"0\": {\"cik_str\", \"ticker\", \"title\"}})");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                where = $"$[\"{reader.GetString()}\"]";
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) throw new DataFileException(file, where, "expected an object with cik_str, ticker and title");
                long cik = -1;
                string? ticker = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isCik = reader.ValueTextEquals("cik_str"), isTicker = reader.ValueTextEquals("ticker");
                    reader.Read();
                    if (isCik && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long n)) cik = n;
                    else if (isCik && reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out n)) cik = n;
                    else if (isTicker && reader.TokenType == JsonTokenType.String) ticker = reader.GetString();
                    else if (isCik || isTicker) throw new DataFileException(file, where + (isCik ? ".cik_str" : ".ticker"), isCik ? "expected the CIK as a number" : "expected the ticker as a string");
                    else reader.Skip();
                }
                if (cik <= 0 || string.IsNullOrWhiteSpace(ticker)) throw new DataFileException(file, where, "a company needs cik_str and ticker");
                if (!result.TryGetValue(cik, out var list)) result[cik] = list = [];
                list.Add(ticker.Trim());
            }
        }
        catch (JsonException ex)
        {
            throw new DataFileException(file, where, $"invalid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", ex);
        }
        return result;
    }

    /// <summary>A ticker as an id: upper case, with <c>-</c> and <c>.</c> as <c>_</c> (<c>BRK-B</c> → <c>BRK_B</c>); null when it cannot be one.</summary>
    public static string? AsId(string ticker)
    {
        var id = ticker.ToUpperInvariant().Replace('-', '_').Replace('.', '_');
        return DatasetBuilder.IsIdentifier(id) ? id : null;
    }
}
