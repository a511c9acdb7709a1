using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace FinQuery.Cli;

/// <summary>Timing of <c>finq fetch</c>: at most one request per <see cref="MinInterval"/>, retries with doubling delays.</summary>
internal sealed record FetchSettings(TimeSpan MinInterval, TimeSpan RetryDelay, int MaxAttempts, TimeSpan Timeout)
{
    /// <summary>The SEC's fair-access limit is ten requests a second; five attempts, starting one second apart.</summary>
    public static readonly FetchSettings Default = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(100));

    /// <summary>The longest wait a server's Retry-After may ask for.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);
}

/// <summary>
/// <c>finq fetch TICKER…</c>: downloads the SEC's <c>company_tickers.json</c> and each company's facts
/// (<c>/api/xbrl/companyfacts/CIK##########.json</c>) into the cache folder that <c>--data sec:TICKER</c> reads.
/// Sends the User-Agent the SEC requires, asks for compressed transfer, keeps to ten requests a second,
/// retries on 429 and 5xx with backoff, and writes each file whole (a temporary file, then a move) or not at all.
/// </summary>
internal static class FetchCommand
{
    public const string DefaultFilesHost = "https://www.sec.gov";
    public const string DefaultDataHost = "https://data.sec.gov";

    public static Command Create(CliStreams io)
    {
        var userAgent = new Option<string?>("--user-agent")
        {
            Description = "The User-Agent the SEC requires, naming you and an email address (\"Jane Doe jane@example.com\"); default: FINQ_SEC_USER_AGENT.",
        };
        var tickers = new Argument<string[]>("ticker") { Description = "Tickers (TSLA) or CIKs (CIK0001318605, 1318605).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("fetch", "Download SEC company facts into the cache (FINQ_CACHE_DIR, else ~/.cache/finq/sec) for --data sec:TICKER.")
        {
            userAgent, tickers,
        };
        command.SetAction(r => Run(r.GetValue(tickers)!, r.GetValue(userAgent), io.Environment, io.Out, io.Err, FetchSettings.Default));
        return command;
    }

    public static int Run(string[] tickers, string? userAgent, Func<string, string?> env, TextWriter stdout, TextWriter stderr, FetchSettings settings)
    {
        userAgent = string.IsNullOrWhiteSpace(userAgent) ? env("FINQ_SEC_USER_AGENT") : userAgent;
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            stderr.WriteLine("finq: fetch: the SEC requires a User-Agent that names you and an email address: " +
                             "pass --user-agent \"Jane Doe jane@example.com\" or set FINQ_SEC_USER_AGENT");
            return Program.UsageError;
        }
        string? baseUrl = env("FINQ_SEC_BASE_URL");
        string filesHost = string.IsNullOrWhiteSpace(baseUrl) ? DefaultFilesHost : baseUrl.TrimEnd('/');
        string dataHost = string.IsNullOrWhiteSpace(baseUrl) ? DefaultDataHost : baseUrl.TrimEnd('/');
        string cache = DataSource.CacheFolder(env);

        using var client = new Client(userAgent.Trim(), settings);
        try
        {
            Directory.CreateDirectory(cache);
            string tickersUrl = filesHost + "/files/" + DataSource.TickersFile;
            var tickerBytes = client.Get(tickersUrl);
            if (!IsJsonObject(tickerBytes, null))
                throw new FetchException(tickersUrl, "the answer is not the SEC's company tickers JSON");
            WriteAtomically(Path.Combine(cache, DataSource.TickersFile), tickerBytes);

            int failures = 0;
            foreach (var ticker in tickers)
            {
                long? cik = DataSource.TryParseCik(ticker) ?? DataSource.LookUpTicker(tickerBytes, ticker);
                if (cik is null)
                {
                    stderr.WriteLine($"finq: fetch: unknown ticker '{ticker}': it is not in {tickersUrl}");
                    failures++;
                    continue;
                }
                string file = DataSource.FactsFile(cik.Value);
                string url = dataHost + "/api/xbrl/companyfacts/" + file;
                try
                {
                    var facts = client.Get(url);
                    if (!IsJsonObject(facts, "facts"))
                        throw new FetchException(url, "the answer is not SEC company facts JSON");
                    string path = Path.Combine(cache, file);
                    WriteAtomically(path, facts);
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{ticker.ToUpperInvariant()}: CIK{cik.Value:D10}, {facts.Length / 1024.0 / 1024.0:0.0} MB -> {path}"));
                }
                catch (FetchException ex)
                {
                    stderr.WriteLine($"finq: fetch: {ex.Message}");
                    failures++;
                }
            }
            return failures == 0 ? Program.Ok : Program.UsageError;
        }
        catch (FetchException ex)
        {
            stderr.WriteLine($"finq: fetch: {ex.Message}");
            return Program.UsageError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"finq: fetch: cannot write to the cache {cache}: {ex.Message}");
            return Program.UsageError;
        }
    }

    /// <summary>A download that failed, with the URL.</summary>
    internal sealed class FetchException(string url, string reason, Exception? inner = null)
        : Exception($"cannot download {url}: {reason}", inner);

    /// <summary>Well-formed JSON whose top level is an object (with <paramref name="property"/> among its names, when given).</summary>
    private static bool IsJsonObject(byte[] utf8, string? property)
    {
        var reader = new Utf8JsonReader(utf8);
        bool found = property is null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read())
            {
                if (!found && reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(property!))
                    found = true;
            }
            return found;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes a temporary file beside the target and moves it into place: a reader sees the old file or the new one, never half of one.</summary>
    internal static void WriteAtomically(string path, byte[] bytes)
    {
        string temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>HTTP with the SEC's manners: User-Agent, compression, a request rate limit, retries with backoff.</summary>
    private sealed class Client : IDisposable
    {
        private readonly HttpClient _http;
        private readonly FetchSettings _settings;
        private readonly string _userAgent;
        private readonly RequestPacer _pacer;

        public Client(string userAgent, FetchSettings settings)
        {
            _userAgent = userAgent;
            _settings = settings;
            _pacer = new RequestPacer(settings.MinInterval);
            _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All })
            {
                Timeout = settings.Timeout,
            };
        }

        public byte[] Get(string url)
        {
            for (int attempt = 1; ; attempt++)
            {
                TimeSpan? wait;
                try
                {
                    _pacer.Wait();
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
                    using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
                    int status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        using var body = response.Content.ReadAsStream();
                        using var buffer = new MemoryStream();
                        body.CopyTo(buffer);
                        return buffer.ToArray();
                    }
                    string reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}").TrimEnd();
                    if (status != 429 && status < 500)
                        throw new FetchException(url, status == 404 ? reason + " (no such company or file)" : reason);
                    if (attempt >= _settings.MaxAttempts)
                        throw new FetchException(url, string.Create(CultureInfo.InvariantCulture, $"{reason}, still after {attempt} attempts"));
                    wait = RetryAfter(response);
                }
                catch (HttpRequestException ex)
                {
                    if (attempt >= _settings.MaxAttempts)
                        throw new FetchException(url, string.Create(CultureInfo.InvariantCulture, $"{ex.Message} (after {attempt} attempts)"), ex);
                    wait = null;
                }
                catch (TaskCanceledException ex)
                {
                    throw new FetchException(url, string.Create(CultureInfo.InvariantCulture, $"no answer within {_settings.Timeout.TotalSeconds:0} seconds"), ex);
                }
                catch (IOException ex)
                {
                    throw new FetchException(url, $"the connection broke: {ex.Message}", ex);
                }
                Thread.Sleep(wait ?? _settings.RetryDelay * Math.Pow(2, attempt - 1));
            }
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            if (wait is null) return null;
            if (wait < TimeSpan.Zero) return TimeSpan.Zero;
            return wait > FetchSettings.MaxRetryAfter ? FetchSettings.MaxRetryAfter : wait;
        }

        public void Dispose() => _http.Dispose();
    }
}

/// <summary>Keeps the starts of requests at least an interval apart (ten a second for the SEC).</summary>
internal sealed class RequestPacer(TimeSpan interval)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _last;

    /// <summary>Waits until the next request may start; returns when it started, on this pacer's clock.</summary>
    public TimeSpan Wait()
    {
        if (_last is { } last)
        {
            var due = last + interval - _clock.Elapsed;
            while (due > TimeSpan.Zero)
            {
                Thread.Sleep(due);
                due = last + interval - _clock.Elapsed;
            }
        }
        _last = _clock.Elapsed;
        return _last.Value;
    }
}
