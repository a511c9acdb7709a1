using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace FinQuery.Cli;

/// <summary>
/// <c>finq help TOPIC</c>: the text comes from the project's own documentation, embedded in finq when it is
/// built (every <c>docs/*.md</c> and the README), so the help and the docs never disagree. A topic is a whole
/// file (<c>docs/claims.md</c>) or, failing that, the section whose heading names it (<c>### Periods</c>).
/// A topic without documentation in this build says so; <c>functions</c> always lists the registry.
/// </summary>
internal static partial class HelpTopics
{
    private const string Prefix = "FinQuery.Cli.docs.";

    /// <summary>The topics: name, what it covers, doc files to try, then section headings to look for.</summary>
    internal static readonly (string Name, string Summary, string[] Files, string[] Headings)[] Topics =
    [
        ("periods", "period literals, ranges, fiscal and calendar years", ["periods.md"], ["Periods", "Calendar periods"]),
        ("functions", "the functions a query can call", ["functions.md"], ["Functions"]),
        ("claims", "checking a figure against what was said (~=, finq check)", ["claims.md"], ["Claims"]),
        ("data", "data files: JSON and CSV", ["data-files.md", "data.md"], ["Data files"]),
        ("sec", "SEC EDGAR company facts (finq fetch, sec: data)", ["sec.md", "sec-edgar.md", "edgar.md"], ["SEC", "Real data"]),
    ];

    /// <summary>Every embedded document by file name (<c>data-files.md</c>, <c>README.md</c>).</summary>
    internal static IReadOnlyDictionary<string, string> Documents { get; } = LoadDocuments();

    private static Dictionary<string, string> LoadDocuments()
    {
        var docs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var assembly = typeof(HelpTopics).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name);
            if (stream is null) continue;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            docs[name[Prefix.Length..]] = reader.ReadToEnd().Replace("\r\n", "\n");
        }
        return docs;
    }

    /// <summary>The names of the topics: the fixed ones, then any other embedded doc by its file name.</summary>
    public static IEnumerable<string> Names =>
        Topics.Select(t => t.Name).Concat(Documents.Keys
            .Where(f => !f.Equals("README.md", StringComparison.OrdinalIgnoreCase) && !Topics.Any(t => t.Files.Contains(f, StringComparer.OrdinalIgnoreCase)))
            .Select(f => Path.GetFileNameWithoutExtension(f).ToLowerInvariant()).Order(StringComparer.Ordinal));

    /// <summary>The text of a topic for a terminal, or null when the topic is unknown.</summary>
    public static string? Find(string topic)
    {
        topic = topic.Trim().ToLowerInvariant();
        var known = Topics.FirstOrDefault(t => t.Name == topic);
        string? text = null;
        if (known.Name is not null)
        {
            text = known.Files.Select(f => Documents.GetValueOrDefault(f)).FirstOrDefault(d => d is not null);
            text ??= DocumentOrder().Select(d => Section(d, known.Headings)).FirstOrDefault(s => s is not null);
            if (topic == "functions") text = (text is null ? "" : text.TrimEnd() + "\n\n") + FunctionList();
            text ??= $"The {topic} documentation is not part of this build of finq; see the project's docs folder.\n";
        }
        else if (Documents.GetValueOrDefault(topic + ".md") is { } doc)
        {
            text = doc;
        }
        return text is null ? null : ForTerminal(text);
    }

    private static IEnumerable<string> DocumentOrder() =>
        Documents.Where(d => !d.Key.Equals("README.md", StringComparison.OrdinalIgnoreCase)).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value)
            .Concat(Documents.Where(d => d.Key.Equals("README.md", StringComparison.OrdinalIgnoreCase)).Select(d => d.Value));

    /// <summary>The section under the first heading that starts with one of <paramref name="headings"/>, up to the next heading as high.</summary>
    internal static string? Section(string document, string[] headings)
    {
        var lines = document.Split('\n');
        bool inFence = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (inFence || HeadingLevel(lines[i]) is not int level) continue;
            string title = lines[i].TrimStart('#').Trim();
            // "## 11. Calendar periods" and "### Periods" both name their topic.
            string bare = LeadingNumber().Replace(title, "");
            if (!headings.Any(h => bare.StartsWith(h, StringComparison.OrdinalIgnoreCase))) continue;
            var section = new List<string> { lines[i] };
            bool fence = false;
            for (int j = i + 1; j < lines.Length; j++)
            {
                if (lines[j].StartsWith("```", StringComparison.Ordinal)) fence = !fence;
                if (!fence && HeadingLevel(lines[j]) is int l && l <= level) break;
                section.Add(lines[j]);
            }
            return string.Join("\n", section).TrimEnd() + "\n";
        }
        return null;
    }

    private static int? HeadingLevel(string line)
    {
        int n = 0;
        while (n < line.Length && line[n] == '#') n++;
        return n is > 0 and <= 6 && n < line.Length && line[n] == ' ' ? n : null;
    }

    private static string FunctionList()
    {
        var sb = new StringBuilder("Functions in this build of finq:\n");
        foreach (var name in FunctionRegistry.Default.Names) sb.Append("  ").Append(FunctionRegistry.Default.Describe(name)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Markdown made plain for a terminal: images dropped, links reduced to their text, code fences removed.</summary>
    internal static string ForTerminal(string markdown)
    {
        var sb = new StringBuilder();
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) continue;
            if (Image().IsMatch(line.Trim())) continue;
            sb.Append(Link().Replace(line, "$1")).Append('\n');
        }
        return Regex.Replace(sb.ToString(), "\n{3,}", "\n\n").TrimEnd() + "\n";
    }

    public static string Overview()
    {
        var sb = new StringBuilder("Help topics (finq help TOPIC):\n");
        foreach (var name in Names)
        {
            var t = Topics.FirstOrDefault(x => x.Name == name);
            sb.Append($"  {name,-10} {(t.Name is null ? $"docs/{name}.md" : t.Summary)}\n");
        }
        sb.Append("  COMMAND    a command's options, e.g. finq help eval\n");
        return sb.ToString();
    }

    [GeneratedRegex(@"^!\[[^\]]*\]\([^)]*\)$")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^\d+[a-z]?\.\s*")]
    private static partial Regex LeadingNumber();
}
