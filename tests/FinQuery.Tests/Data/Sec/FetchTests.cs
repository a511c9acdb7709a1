using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using FinQuery.Cli;

namespace FinQuery.Tests.Data.Sec;

/// <summary><c>finq fetch</c> against a local HTTP server started by the test on 127.0.0.1 (never the internet).</summary>
public class FetchTests
{
    private static readonly FetchSettings Fast = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10), 3, TimeSpan.FromSeconds(20));

    private static readonly byte[] TeslaFacts = File.ReadAllBytes(SecTestData.Tesla);
    private static readonly byte[] Tickers = File.ReadAllBytes(Path.Combine(SecTestData.Folder, "company_tickers.json"));

    /// <summary>An HttpListener on a free loopback port answering by path; each answer is (status, body, headers).</summary>
    private sealed class Server : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Func<string, int, (int Status, byte[] Body)> _answer;
        private readonly ConcurrentDictionary<string, int> _hits = new();
        public ConcurrentQueue<(string Path, string? UserAgent, string? AcceptEncoding, DateTime At)> Requests { get; } = new();
        public string BaseUrl { get; }

        public Server(Func<string, int, (int Status, byte[] Body)> answer)
        {
            _answer = answer;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(BaseUrl + "/");
            _listener.Start();
            _ = Task.Run(Loop);
        }

        private async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                string path = ctx.Request.Url!.AbsolutePath;
                int n = _hits.AddOrUpdate(path, 1, (_, k) => k + 1);
                Requests.Enqueue((path, ctx.Request.Headers["User-Agent"], ctx.Request.Headers["Accept-Encoding"], DateTime.UtcNow));
                var (status, body) = _answer(path, n);
                ctx.Response.StatusCode = status;
                if (status == 429) ctx.Response.Headers["Retry-After"] = "0";
                if (ctx.Request.Headers["Accept-Encoding"]?.Contains("gzip") == true)
                {
                    ctx.Response.Headers["Content-Encoding"] = "gzip";
                    using var buffer = new MemoryStream();
                    using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(body);
                    body = buffer.ToArray();
                }
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }

    private static (int Status, byte[] Body) Sec(string path, int _) => path switch
    {
        "/files/company_tickers.json" => (200, Tickers),
        "/api/xbrl/companyfacts/CIK0001318605.json" => (200, TeslaFacts),
        _ => (404, "Not found"u8.ToArray()),
    };

    private static (int Code, string Out, string Err) Fetch(Server server, string cache, string? userAgent, params string[] tickers)
    {
        var env = new Dictionary<string, string?> { ["FINQ_SEC_BASE_URL"] = server.BaseUrl, ["FINQ_CACHE_DIR"] = cache };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = FetchCommand.Run(tickers, userAgent, k => env.GetValueOrDefault(k), stdout, stderr, Fast);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Fetches_tickers_and_facts_into_the_cache_that_sec_data_reads()
    {
        using var server = new Server(Sec);
        using var cache = new SecTestData.TempFolder();
        var (code, output, err) = Fetch(server, cache.Path, "FinQuery tests tests@example.com", "tsla");
        Assert.True(code == 0, err);
        Assert.Contains("TSLA: CIK0001318605", output);
        Assert.Equal(TeslaFacts, File.ReadAllBytes(Path.Combine(cache.Path, "CIK0001318605.json")));
        Assert.Equal(["company_tickers.json", "CIK0001318605.json"], Directory.GetFiles(cache.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse());
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("FinQuery tests tests@example.com", r.UserAgent);
            Assert.Contains("gzip", r.AcceptEncoding);
        });
        var data = Dataset.Load(DataSource.Resolve("sec:TSLA", k => k == "FINQ_CACHE_DIR" ? cache.Path : null));
        Assert.Equal(21_454_000_000, SecTestData.Value(data, "TSLA.revenue[2022Q3]"));
        Assert.Equal(cache.Path, DataSource.Resolve("sec:", k => k == "FINQ_CACHE_DIR" ? cache.Path : null));
    }

    [Fact]
    public void Requests_keep_to_the_rate_limit()
    {
        using var server = new Server(Sec);
        using var cache = new SecTestData.TempFolder();
        var env = new Dictionary<string, string?> { ["FINQ_SEC_BASE_URL"] = server.BaseUrl, ["FINQ_CACHE_DIR"] = cache.Path };
        FetchCommand.Run(["TSLA", "CIK0001318605"], "a b@c.d", k => env.GetValueOrDefault(k), TextWriter.Null, TextWriter.Null, Fast);
        Assert.Equal(3, server.Requests.Count); // tickers once, then each company
        // Arrival times at the server jitter, so the pacer is timed where it acts: request starts are an interval apart.
        var pacer = new RequestPacer(TimeSpan.FromMilliseconds(40));
        var starts = Enumerable.Range(0, 6).Select(_ => pacer.Wait()).ToList();
        for (int i = 1; i < starts.Count; i++)
            Assert.True(starts[i] - starts[i - 1] >= TimeSpan.FromMilliseconds(40), $"requests {i - 1} and {i} started {(starts[i] - starts[i - 1]).TotalMilliseconds} ms apart");
        Assert.Equal(TimeSpan.FromMilliseconds(100), FetchSettings.Default.MinInterval); // ten a second
    }

    [Fact]
    public void A_404_is_a_clear_error_naming_the_URL_and_writes_nothing()
    {
        using var server = new Server((path, n) => path.Contains("companyfacts") ? (404, "no"u8.ToArray()) : Sec(path, n));
        using var cache = new SecTestData.TempFolder();
        var (code, _, err) = Fetch(server, cache.Path, "a b@c.d", "TSLA");
        Assert.Equal(2, code);
        Assert.Contains($"finq: fetch: cannot download {server.BaseUrl}/api/xbrl/companyfacts/CIK0001318605.json: HTTP 404 Not Found (no such company or file)", err);
        Assert.False(File.Exists(Path.Combine(cache.Path, "CIK0001318605.json")));
        Assert.Empty(Directory.GetFiles(cache.Path, "*.tmp"));
    }

    [Fact]
    public void A_429_is_retried_and_then_succeeds()
    {
        using var server = new Server((path, n) => path.Contains("companyfacts") && n <= 2 ? (429, "slow down"u8.ToArray()) : Sec(path, n));
        using var cache = new SecTestData.TempFolder();
        var (code, _, err) = Fetch(server, cache.Path, "a b@c.d", "TSLA");
        Assert.True(code == 0, err);
        Assert.Equal(3, server.Requests.Count(r => r.Path.Contains("companyfacts")));
        Assert.True(File.Exists(Path.Combine(cache.Path, "CIK0001318605.json")));
    }

    [Fact]
    public void A_5xx_that_persists_gives_up_after_the_retries()
    {
        using var server = new Server((path, n) => path.Contains("companyfacts") ? (503, "down"u8.ToArray()) : Sec(path, n));
        using var cache = new SecTestData.TempFolder();
        var (code, _, err) = Fetch(server, cache.Path, "a b@c.d", "TSLA");
        Assert.Equal(2, code);
        Assert.Contains("HTTP 503 Service Unavailable, still after 3 attempts", err);
        Assert.Equal(3, server.Requests.Count(r => r.Path.Contains("companyfacts")));
    }

    [Fact]
    public void A_server_that_is_down_is_a_clear_error_naming_the_URL()
    {
        string baseUrl;
        using (var server = new Server(Sec)) baseUrl = server.BaseUrl;
        using var cache = new SecTestData.TempFolder();
        var env = new Dictionary<string, string?> { ["FINQ_SEC_BASE_URL"] = baseUrl, ["FINQ_CACHE_DIR"] = cache.Path };
        var stderr = new StringWriter();
        int code = FetchCommand.Run(["TSLA"], "a b@c.d", k => env.GetValueOrDefault(k), TextWriter.Null, stderr, Fast);
        Assert.Equal(2, code);
        Assert.StartsWith($"finq: fetch: cannot download {baseUrl}/files/company_tickers.json: ", stderr.ToString());
        Assert.Empty(Directory.GetFiles(cache.Path));
    }

    [Fact]
    public void Without_a_User_Agent_fetch_refuses()
    {
        using var server = new Server(Sec);
        using var cache = new SecTestData.TempFolder();
        var (code, _, err) = Fetch(server, cache.Path, null, "TSLA");
        Assert.Equal(2, code);
        Assert.Contains("the SEC requires a User-Agent", err);
        Assert.Contains("--user-agent", err);
        Assert.Contains("FINQ_SEC_USER_AGENT", err);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_bad_answer_and_an_unknown_ticker_are_errors()
    {
        using var server = new Server((path, n) => path.Contains("companyfacts") ? (200, "{\"cik\": 1, \"fa"u8.ToArray()) : Sec(path, n));
        using var cache = new SecTestData.TempFolder();
        var (code, _, err) = Fetch(server, cache.Path, "a b@c.d", "TSLA", "NOPE");
        Assert.Equal(2, code);
        Assert.Contains("CIK0001318605.json: the answer is not SEC company facts JSON", err);
        Assert.Contains($"unknown ticker 'NOPE': it is not in {server.BaseUrl}/files/company_tickers.json", err);
        Assert.False(File.Exists(Path.Combine(cache.Path, "CIK0001318605.json")));
    }

    [Fact]
    public void Sec_sources_not_in_the_cache_say_what_to_do()
    {
        using var cache = new SecTestData.TempFolder();
        var ex = Assert.Throws<DataFileException>(() => DataSource.Resolve("sec:AAPL", k => k == "FINQ_CACHE_DIR" ? cache.Path : null));
        Assert.Equal($"sec:AAPL: cache: AAPL is not in the SEC cache {cache.Path}: run 'finq fetch AAPL' first", ex.Message);
        Assert.EndsWith(Path.Combine("finq", "sec"), DataSource.CacheFolder(_ => null));
    }
}
