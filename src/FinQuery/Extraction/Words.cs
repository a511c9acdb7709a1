using System.Globalization;
using System.Text;

namespace FinQuery.Extraction;

/// <summary>A word of a sentence: its folded text and where it stands in the original.</summary>
internal readonly record struct Word(string Text, int Start, int End);

/// <summary>
/// Folding and splitting into words, the same for story text and lexicon phrases, so that a phrase matches
/// whatever case, accents, apostrophes or hyphens a story writes it with.
/// </summary>
internal static class Words
{
    /// <summary>Folds one character: lower case, accents removed, typographic apostrophes and dashes made plain.</summary>
    public static char Fold(char c)
    {
        switch (c)
        {
            case '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4': return '\'';
            case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212': return '-';
            case '\u00A0' or '\u202F' or '\u2009' or '\u2007': return ' ';
        }
        if (c < 128) return char.ToLowerInvariant(c);
        var lower = char.ToLowerInvariant(c);
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) != UnicodeCategory.NonSpacingMark
            ? decomposed[0]
            : lower;
    }

    /// <summary>The folded text, one character for one, so positions stay those of the original.</summary>
    public static string FoldAll(string text)
    {
        var chars = new char[text.Length];
        for (int i = 0; i < text.Length; i++) chars[i] = Fold(text[i]);
        return new string(chars);
    }

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '&';

    /// <summary>
    /// The words of <paramref name="text"/> between <paramref name="start"/> and <paramref name="end"/>: runs of letters
    /// and digits (and '&amp;', for "R&amp;D"); apostrophes, hyphens, spaces and punctuation separate them.
    /// </summary>
    public static List<Word> Split(string text, int start = 0, int end = -1)
    {
        if (end < 0) end = text.Length;
        var words = new List<Word>();
        int i = start;
        while (i < end)
        {
            if (!IsWordChar(text[i])) { i++; continue; }
            int s = i;
            while (i < end && IsWordChar(text[i])) i++;
            words.Add(new Word(FoldAll(text[s..i]), s, i));
        }
        return words;
    }

    /// <summary>The folded words of a lexicon phrase.</summary>
    public static string[] OfPhrase(string phrase) => Split(phrase).Select(w => w.Text).ToArray();

    /// <summary>A story word matches a lexicon word when equal, or equal but for a plural 's'.</summary>
    public static bool Matches(string storyWord, string lexiconWord) =>
        storyWord == lexiconWord
        || (storyWord.Length == lexiconWord.Length + 1 && storyWord[^1] == 's' && storyWord.StartsWith(lexiconWord, StringComparison.Ordinal));
}
