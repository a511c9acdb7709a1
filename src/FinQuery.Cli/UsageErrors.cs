using System.CommandLine;

namespace FinQuery.Cli;

/// <summary>
/// Command-line errors in plain language, each saying what to write instead; JSON on stdout when the
/// arguments ask for <c>--json</c>. Exit code 2.
/// </summary>
internal static class UsageErrors
{
    public static int Report(ParseResult parse, string[] args, CliStreams io)
    {
        var failures = new Failures(FormatOptions.AsksForJson(args), io.Out, io.Err);
        var command = parse.CommandResult.Command;
        string path = CommandPath(parse);
        var messages = new List<string>();
        foreach (var token in parse.UnmatchedTokens)
            messages.Add(Unknown(token, command, path));
        foreach (var error in parse.Errors)
        {
            if (parse.UnmatchedTokens.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            // "finq evl": the unknown command says it all; no need to add that a command is missing.
            if (parse.UnmatchedTokens.Count > 0 && error.Message.StartsWith("Required command", StringComparison.Ordinal)) continue;
            messages.Add(OptionOf(error) is { } option ? RewordOption(error.Message, option) : Reword(error.Message, command, path));
        }
        if (messages.Count == 0) messages.Add("the command line does not parse");
        return failures.Usage(string.Join("; ", messages.Distinct()), $"Try '{path} --help'.");
    }

    /// <summary>
    /// A token that looks like a long option (<c>--bogus</c>) but reached a command's query argument: a query
    /// may start with <c>-</c> (<c>-sum(x, 2021..2022)</c>) but nobody means <c>--bogus</c> as a double negation.
    /// Tokens after a <c>--</c> separator are left alone.
    /// </summary>
    public static string? OptionLikeArgument(ParseResult parse)
    {
        foreach (var token in parse.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash) return null;
            if (token.Type == System.CommandLine.Parsing.TokenType.Argument && LooksLikeOption(token.Value)) return token.Value;
        }
        return null;
    }

    private static bool LooksLikeOption(string s) =>
        s.Length > 2 && s.StartsWith("--", StringComparison.Ordinal) && char.IsAsciiLetter(s[2]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '=' or '_');

    public static int ReportOptionLike(ParseResult parse, string token, string[] args, CliStreams io)
    {
        var failures = new Failures(FormatOptions.AsksForJson(args), io.Out, io.Err);
        string path = CommandPath(parse);
        return failures.Usage(Unknown(token, parse.CommandResult.Command, path),
            $"Try '{path} --help'; a query that starts with '--' goes after a '--' separator: {path} -- {token}");
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "finq" : r.Command.Name);
        names.Reverse();
        return string.Join(" ", names);
    }

    private static string Unknown(string token, Command command, string path)
    {
        if (token.StartsWith('-'))
        {
            var options = command.Options.Where(o => !o.Hidden).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
            string? near = Nearest(token, options);
            return near is not null
                ? $"unknown option '{token}' for {path}; did you mean '{near}'?"
                : $"unknown option '{token}' for {path}; its options are {string.Join(", ", options)}";
        }
        if (command is RootCommand)
        {
            var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            string? near = Nearest(token, names);
            return near is not null
                ? $"unknown command '{token}'; did you mean 'finq {near}'?"
                : $"unknown command '{token}'; the commands are {string.Join(", ", names)}";
        }
        return $"unexpected argument '{token}' for {path}";
    }

    /// <summary>The option an error is about (its value missing or not allowed), or null for other errors.</summary>
    private static Option? OptionOf(System.CommandLine.Parsing.ParseError error) => error.SymbolResult switch
    {
        System.CommandLine.Parsing.OptionResult o => o.Option,
        System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option,
        _ => null,
    };

    private static string RewordOption(string message, Option option)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^Argument '(.*)' not recognized\. Must be one of:(.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (m.Success)
        {
            var choices = System.Text.RegularExpressions.Regex.Matches(m.Groups[2].Value, "'([^']*)'").Select(c => c.Groups[1].Value);
            return $"{option.Name} takes {string.Join(", ", choices)}, not '{m.Groups[1].Value}'";
        }
        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return option.Name switch
            {
                "--data" => "--data needs a file after it, e.g. --data samples/meta-q2-2023/meta.json",
                "--entity" => "--entity needs an entity id after it, e.g. --entity META",
                _ => $"{option.Name} needs a value after it{(option.HelpName is { } h ? $" ({h})" : "")}",
            };
        return $"{option.Name}: {message.TrimEnd('.')}";
    }

    private static string Reword(string message, Command command, string path)
    {
        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var argument = command.Arguments.FirstOrDefault();
            return command.Name switch
            {
                "eval" => "finq eval needs at least one query, e.g. finq eval \"yoy(revenue, 2023Q2)\"",
                "run" => "finq run needs a query file, e.g. finq run samples/meta-q2-2023/claims.fq",
                _ => $"{path} needs {(argument is null ? "an argument" : $"<{argument.Name}>")}",
            };
        }
        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return $"{path} needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        return message.TrimEnd('.');
    }

    /// <summary>The candidate within two edits of <paramref name="word"/> (the closest), or null.</summary>
    internal static string? Nearest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (var c in candidates)
        {
            int d = FinQuery.Evaluation.NameDistance.Between(word.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}
