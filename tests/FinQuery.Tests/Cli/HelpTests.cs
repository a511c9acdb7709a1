using FinQuery.Cli;

namespace FinQuery.Tests.Cli;

/// <summary><c>finq --help</c> and <c>finq help TOPIC</c>: the text is the docs' own.</summary>
public class HelpTests
{
    private static (int Code, string Out, string Err) Finq(params string[] args) => CliTests.Finq(args);

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FinQuery.sln"))) return Path.Combine(dir.FullName, relative);
        throw new FileNotFoundException(relative);
    }

    [Fact]
    public void Root_help_lists_the_commands_and_the_topics()
    {
        var (code, output, _) = Finq("--help");
        Assert.Equal(0, code);
        Assert.Contains("eval <query>", output);
        Assert.Contains("Help topics (finq help TOPIC):", output);
        foreach (var topic in new[] { "periods", "functions", "claims", "data", "sec" }) Assert.Contains($"  {topic} ", output);
        Assert.Contains("dotnet-suggest register", output);
    }

    [Fact]
    public void Help_periods_is_the_periods_section_of_the_docs()
    {
        var (code, output, _) = Finq("help", "periods");
        Assert.Equal(0, code);
        Assert.Contains("| `2023Q2`, `FY2023Q2` | fiscal quarter |", output);
        string? section = HelpTopics.Section(File.ReadAllText(RepoFile("README.md")).Replace("\r\n", "\n"), ["Periods"]);
        if (!Directory.EnumerateFiles(RepoFile("docs"), "*.md").Any(f => HelpTopics.Section(File.ReadAllText(f), ["Periods", "Calendar periods"]) is not null))
            Assert.Equal(HelpTopics.ForTerminal(section!), output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Help_data_is_the_data_files_doc()
    {
        var (code, output, _) = Finq("help", "data");
        Assert.Equal(0, code);
        Assert.Equal(HelpTopics.ForTerminal(File.ReadAllText(RepoFile("docs/data-files.md")).Replace("\r\n", "\n")), output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Help_functions_always_lists_the_registry()
    {
        var (code, output, _) = Finq("help", "functions");
        Assert.Equal(0, code);
        foreach (var name in FunctionRegistry.Default.Names) Assert.Contains($"  {FunctionRegistry.Default.Describe(name)}\n", output.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("claims")]
    [InlineData("sec")]
    public void Every_topic_prints_something(string topic)
    {
        var (code, output, _) = Finq("help", topic);
        Assert.Equal(0, code);
        Assert.False(string.IsNullOrWhiteSpace(output));
    }

    [Fact]
    public void Help_on_a_command_is_its_options()
    {
        var (code, output, _) = Finq("help", "eval");
        Assert.Equal(0, code);
        Assert.Contains("--format", output);
    }

    [Theory]
    [InlineData("eval", "--help")]
    [InlineData("check", "-h")]
    [InlineData("extract", "-?")]
    [InlineData("screen", "--help")]
    [InlineData("fetch", "--help")]
    [InlineData("sql", "--help")]
    [InlineData("export", "--help")]
    [InlineData("run", "--help")]
    public void Help_after_a_command_prints_its_usage_even_without_its_arguments(string command, string option)
    {
        // The usage error for a missing argument says "Try 'finq eval --help'": that must work.
        var (code, output, err) = Finq(command, option);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("Usage:", output);
        Assert.Contains($" {command} ", output);
        Assert.Contains("Options:", output);
    }

    [Fact]
    public void An_unknown_topic_suggests_the_nearest()
    {
        var (code, _, err) = Finq("help", "perods");
        Assert.Equal(2, code);
        Assert.Contains("no help topic 'perods'; did you mean 'periods'?", err);
    }

    [Fact]
    public void Sections_end_at_the_next_heading_as_high_and_skip_code_fences()
    {
        string doc = "# T\n## 11. Calendar periods\ntext\n```\n# not a heading\n```\n### sub\nmore\n## Next\nno\n";
        Assert.Equal("## 11. Calendar periods\ntext\n```\n# not a heading\n```\n### sub\nmore\n", HelpTopics.Section(doc, ["Calendar periods"]));
        Assert.Null(HelpTopics.Section(doc, ["Claims"]));
    }

    [Fact]
    public void Markdown_is_made_plain_for_the_terminal()
    {
        Assert.Equal("See the guide.\ncode\n", HelpTopics.ForTerminal("![chart](x.svg)\nSee [the guide](g.md).\n```sh\ncode\n```\n"));
    }
}
