namespace FinQuery.Cli;

/// <summary>
/// Tab completion in the REPL: <c>:commands</c> at the start of a line; elsewhere the word before the cursor
/// among the data's metrics, entity ids, functions, the session's lets and the keywords; after
/// <c>ENTITY.</c>, that entity's metrics.
/// </summary>
internal sealed class ReplCompleter(Dataset data, string? entity, ReplSession session)
{
    private static readonly string[] Keywords = ["let", "and", "or", "not", "true", "false"];

    public Completion Complete(string text, int cursor)
    {
        var before = text.AsSpan(0, cursor);
        string trimmed = before.TrimStart().ToString();
        if (trimmed.StartsWith(':') && !trimmed.Contains(' '))
        {
            int start = cursor - trimmed.Length;
            return new Completion(start, Matching(ReplSession.CommandList.Select(c => c.Name), trimmed));
        }
        int wordStart = cursor;
        while (wordStart > 0 && IsNameChar(text[wordStart - 1])) wordStart--;
        string word = text[wordStart..cursor];
        if (wordStart > 0 && text[wordStart - 1] == '.')
        {
            int entityStart = wordStart - 1;
            while (entityStart > 0 && IsNameChar(text[entityStart - 1])) entityStart--;
            var owner = data.FindEntity(text[entityStart..(wordStart - 1)]);
            return owner is null ? Completion.None : new Completion(wordStart, Matching(MetricsOf(owner), word));
        }
        if (word.Length == 0 || char.IsDigit(word[0])) return Completion.None;
        var defaultEntity = entity is null ? data.DefaultEntity : data.FindEntity(entity);
        var names = new List<string>();
        names.AddRange(session.LetNames);
        if (defaultEntity is not null) names.AddRange(MetricsOf(defaultEntity));
        names.AddRange(data.Entities.SelectMany(MetricsOf));
        names.AddRange(FunctionRegistry.Default.Names);
        names.AddRange(data.Entities.Select(e => e.Id + "."));
        names.AddRange(Keywords);
        return new Completion(wordStart, Matching(names, word));
    }

    private static IEnumerable<string> MetricsOf(Entity e) => e.Series.Select(s => s.Metric);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static List<string> Matching(IEnumerable<string> names, string prefix) =>
        names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
