using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace FinQuery.Cli;

/// <summary><c>finq help [TOPIC|COMMAND]</c>, and the topic list under <c>finq --help</c>.</summary>
internal static class HelpCommand
{
    public static Command Create(CliStreams io, RootCommand root)
    {
        var topic = new Argument<string?>("topic")
        {
            Description = "periods, functions, claims, data, sec, or a command such as eval.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "topic",
        };
        topic.CompletionSources.Add(_ => HelpTopics.Names.Concat(root.Subcommands.Select(c => c.Name).Where(n => n != "help")));
        var command = new Command("help", "Help on a topic (periods, functions, claims, data, sec) or a command.") { topic };
        command.SetAction(r =>
        {
            string? name = r.GetValue(topic);
            if (string.IsNullOrWhiteSpace(name))
            {
                io.Out.Write(HelpTopics.Overview());
                return Program.Ok;
            }
            if (root.Subcommands.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && c != command) is { } sub)
                return root.Parse([sub.Name, "--help"]).Invoke(new InvocationConfiguration { Output = io.Out, Error = io.Err });
            if (HelpTopics.Find(name) is { } text)
            {
                io.Out.Write(text);
                return Program.Ok;
            }
            var names = HelpTopics.Names.Concat(root.Subcommands.Select(c => c.Name)).ToList();
            string? near = UsageErrors.Nearest(name, names);
            return new Failures(false, io.Out, io.Err).Usage(
                $"no help topic '{name}'{(near is null ? "" : $"; did you mean '{near}'?")}",
                $"The topics are {string.Join(", ", HelpTopics.Names)}; finq help COMMAND shows a command's options.");
        });
        return command;
    }

    /// <summary>Adds the topic list after the usual <c>finq --help</c> text.</summary>
    public static void AddTopicsToRootHelp(RootCommand root, CliStreams io)
    {
        foreach (var option in root.Options.OfType<HelpOption>())
            if (option.Action is SynchronousCommandLineAction inner) option.Action = new WithTopics(inner, root, io);
    }

    private sealed class WithTopics(SynchronousCommandLineAction inner, RootCommand root, CliStreams io) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            if (parseResult.CommandResult.Command == root)
            {
                io.Out.WriteLine(HelpTopics.Overview());
                io.Out.WriteLine("Shell completion: install dotnet-suggest (dotnet tool install -g dotnet-suggest), add its shim to your");
                io.Out.WriteLine("shell profile, then run: dotnet-suggest register --command-path \"$(command -v finq)\". See finq's README.");
            }
            return code;
        }
    }
}
