using System.Globalization;
using System.Runtime.CompilerServices;

namespace FinQuery.Syntax;

/// <summary>
/// Turns query text into a linked list of <see cref="Token"/>s, ending with <see cref="TokenKind.End"/>.
/// Whole literals are read here (numbers with their suffix, periods, ranges, entity-qualified names),
/// so the grammar decides on one token at a time. The lexer never throws: at the first bad character or
/// literal it emits an <see cref="TokenKind.Error"/> token and stops, and the parser reports it only if
/// nothing before it was already wrong.
/// </summary>
internal ref struct Lexer
{
    private const string PeriodForms = "expected a period such as 2023, FY2023, 2023H1, 2023Q2, CY2023Q2, 2023-07 or 2023-07-05";

    private readonly string _text;
    private readonly ParseState _state;
    private int _pos;
    private int _previousEnd;
    private Token? _first;
    private Token? _last;

    private Lexer(ParseState state)
    {
        _state = state;
        _text = state.Text;
    }

    /// <summary>The first token of the text; follow <see cref="Token.Next"/> to the end token.</summary>
    public static Token Tokenize(ParseState state)
    {
        var lexer = new Lexer(state);
        lexer.Run();
        return lexer._first!;
    }

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length) break;
            if (!LexToken()) break;
        }
        _pos = _text.Length;
        Add(TokenKind.End, SpanFrom(_pos));
        // A reused end token may still be linked to the token after it in the pool.
        if (_last!.Next is not null) _last.Next = null;
    }

    private void SkipTrivia()
    {
        var text = _text;
        while (_pos < text.Length)
        {
            char c = text[_pos];
            // Printable ASCII other than '#' (where most tokens start) is never trivia: no IsWhiteSpace.
            if (c > ' ' && c < '\x7F' && c != '#') break;
            if (c == '#')
            {
                while (_pos < text.Length && text[_pos] != '\n') _pos++;
            }
            else if (c is ' ' or '\t' or '\r' or '\n' || char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Reads one token at <see cref="_pos"/>; false after an error token.</summary>
    private bool LexToken()
    {
        int start = _pos;
        char c = _text[_pos];
        switch (c)
        {
            // The kind of a one-character token is its character (see TokenKind). One call for all of them, so that
            // the JIT inlines it for whichever of them a program's queries use most.
            case '(' or ')' or '[' or ']' or ',' or ';' or '+' or '-' or '*' or '/' or '^':
                return Single((TokenKind)c);
            case '<':
                if (Peek(1) == '=') return Double(TokenKind.LessOrEqual);
                if (Peek(1) == '>') return Fail(start, 2, "'<>' is not an operator: use '!=' for 'not equal'");
                return Single(TokenKind.Less);
            case '>':
                return Peek(1) == '=' ? Double(TokenKind.GreaterOrEqual) : Single(TokenKind.Greater);
            case '=':
                if (Peek(1) == '=') return Fail(start, 2, "'==' is not an operator: use '=' to compare");
                return Single(TokenKind.Equal);
            case '!':
                if (Peek(1) == '=') return Double(TokenKind.NotEqual);
                return Fail(start, 1, "'!' is not an operator: use 'not'");
            case '~':
                if (Peek(1) == '=') return Double(TokenKind.About);
                return Fail(start, 1, "'~' is not an operator: use '~=' for 'is about' (revenue[2023Q2] ~= 32B)");
            case '&':
                return Fail(start, Peek(1) == '&' ? 2 : 1, Peek(1) == '&' ? "'&&' is not an operator: use 'and'" : "'&' is not an operator: use 'and'");
            case '|':
                return Fail(start, Peek(1) == '|' ? 2 : 1, Peek(1) == '|' ? "'||' is not an operator: use 'or'" : "'|' is not an operator: use 'or'");
            case '.':
                if (Peek(1) == '.') return LexRange(start, null);
                if (IsDigit(Peek(1))) return LexNumber(start);
                return Unknown(start);
        }
        if (IsDigit(c)) return LexNumber(start);
        if (IsIdentStart(c)) return LexWord(start);
        return Unknown(start);
    }

    private bool LexNumber(int start)
    {
        var text = _text;
        int p = start;
        while (p < text.Length && IsDigit(text[p])) p++;
        int intDigits = p - start;

        // Four digits followed at once by Q, H or -digit: a period (or a malformed one), never arithmetic.
        if (intDigits == 4 && p < text.Length)
        {
            char n = text[p];
            if (n is 'Q' or 'q' or 'H' or 'h')
            {
                _pos = SkipIdentChars(p + 1);
                // 2023Q2, 2023H1 (the common periods): read here, as Period.TryParse reads them.
                int year = (text[start] - '0') * 1000 + (text[start + 1] - '0') * 100 + (text[start + 2] - '0') * 10 + (text[start + 3] - '0');
                int k = _pos == p + 2 ? text[p + 1] - '0' : 0;
                if (year >= Period.MinYear && k >= 1 && k <= ((n | 0x20) == 'q' ? 4 : 2))
                    return LexPeriod(start, (n | 0x20) == 'q' ? Period.OfQuarter(year, k) : Period.OfHalf(year, k));
                return LexPeriodCandidate(start);
            }
            if (n == '-' && p + 1 < text.Length && IsDigit(text[p + 1]))
            {
                _pos = ScanDateTail(p);
                return LexPeriodCandidate(start);
            }
            // 2023-Q2, 2023-H1: a quarter or half written with a dash.
            if (n == '-' && p + 2 < text.Length && text[p + 1] is 'Q' or 'q' or 'H' or 'h' && IsDigit(text[p + 2])
                && SkipIdentChars(p + 2) is int tail && AllDigits(text.AsSpan(p + 2, tail - p - 2)))
            {
                _pos = tail;
                return Fail(start, _pos - start, DashedPeriodMessage(text, start, p, tail));
            }
        }

        bool plainInteger = true;
        if (p + 1 < text.Length && text[p] == '.' && IsDigit(text[p + 1]))
        {
            p += 2;
            while (p < text.Length && IsDigit(text[p])) p++;
            plainInteger = false;
        }
        if (p < text.Length && text[p] is 'e' or 'E')
        {
            int q = p + 1;
            if (q < text.Length && text[q] is '+' or '-') q++;
            if (q < text.Length && IsDigit(text[q]))
            {
                p = q;
                while (p < text.Length && IsDigit(text[p])) p++;
                plainInteger = false;
            }
        }
        int mantissaEnd = p;

        var suffix = NumberSuffix.None;
        if (p < text.Length)
        {
            switch (text[p])
            {
                case 'k' or 'K': suffix = NumberSuffix.Thousand; p++; break;
                case 'M': suffix = NumberSuffix.Million; p++; break;
                case 'B': suffix = NumberSuffix.Billion; p++; break;
                case 'b' when p + 1 < text.Length && text[p + 1] == 'n': suffix = NumberSuffix.Billion; p += 2; break;
                case 'T': suffix = NumberSuffix.Trillion; p++; break;
                case '%': suffix = NumberSuffix.Percent; p++; break;
            }
        }
        if (p < text.Length && IsIdentChar(text[p]))
        {
            _pos = SkipIdentChars(p);
            if (_last?.Kind == TokenKind.Let) return Fail(start, _pos - start, DigitNameMessage(Slice(start, _pos)));
            return Fail(start, _pos - start, Quoted(text, start, _pos, " is not a number: a number may end with k, M, B, bn, T or %"));
        }
        _pos = p;

        if (Peek(0) == '.' && Peek(1) == '.')
        {
            if (plainInteger && intDigits == 4 && suffix == NumberSuffix.None && Period.TryParse(text.AsSpan(start, 4), out var year))
                return LexRange(start, year);
            return Fail(start, _pos - start, Quoted(text, start, _pos, " is not a period: a range runs between periods such as 2021..2023Q2"));
        }

        var mantissa = ReadMantissa(text.AsSpan(start, mantissaEnd - start));
        if (double.IsInfinity(mantissa))
            return Fail(start, _pos - start, Quoted(text, start, _pos, " is too large a number"));
        var span = SpanFrom(start);
        // The digits as written are kept: '~=' reads its precision from them (31.60B is written to 0.01B).
        Add(TokenKind.Number, span, new NumberLiteral(mantissa, suffix, span) { Written = text.AsMemory(start, mantissaEnd - start) });
        return true;
    }

    private static double ReadMantissa(ReadOnlySpan<char> digits)
    {
        if (digits.Length <= 15)
        {
            long value = 0;
            foreach (var ch in digits)
            {
                if (!IsDigit(ch)) return double.Parse(digits, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
                value = value * 10 + (ch - '0');
            }
            return value;
        }
        return double.Parse(digits, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    /// <summary>At a '-' followed by a digit: skips <c>-digits</c>, an optional second <c>-digits</c>, and any letters glued on.</summary>
    private int ScanDateTail(int p)
    {
        var text = _text;
        p++;
        while (p < text.Length && IsDigit(text[p])) p++;
        if (p + 1 < text.Length && text[p] == '-' && IsDigit(text[p + 1]))
        {
            p++;
            while (p < text.Length && IsDigit(text[p])) p++;
        }
        return SkipIdentChars(p);
    }

    /// <summary>The text from <paramref name="start"/> to <see cref="_pos"/> must be a period; it may start a range.</summary>
    private bool LexPeriodCandidate(int start)
    {
        var candidate = _text.AsSpan(start, _pos - start);
        if (!Period.TryParse(candidate, out var period))
            return Fail(start, _pos - start, PeriodError(candidate));
        return LexPeriod(start, period);
    }

    /// <summary>The period from <paramref name="start"/> to <see cref="_pos"/>, read as <paramref name="period"/>; it may start a range.</summary>
    private bool LexPeriod(int start, Period period)
    {
        if (Peek(0) == '.' && Peek(1) == '.') return LexRange(start, period);
        var span = SpanFrom(start);
        Add(TokenKind.Period, span, new PeriodLiteral(period, span));
        return true;
    }

    /// <summary>At <c>..</c>, after the start period (if any) that began at <paramref name="start"/>.</summary>
    private bool LexRange(int start, Period? first)
    {
        var text = _text;
        int dots = _pos;
        _pos += 2;
        Period? last = null;
        int p = _pos;
        if (p < text.Length && (IsDigit(text[p]) || IsFiscalYearStart(p)))
        {
            int q = p;
            if (IsDigit(text[q]))
            {
                while (q < text.Length && IsDigit(text[q])) q++;
                if (q - p == 4 && q < text.Length && text[q] is 'Q' or 'q' or 'H' or 'h') q = SkipIdentChars(q + 1);
                else if (q - p == 4 && q + 1 < text.Length && text[q] == '-' && IsDigit(text[q + 1])) q = ScanDateTail(q);
                else q = SkipIdentChars(q);
            }
            else
            {
                q = SkipIdentChars(p);
            }
            var candidate = text.AsSpan(p, q - p);
            if (!Period.TryParse(candidate, out var end))
            {
                _pos = q;
                return Fail(p, q - p, PeriodError(candidate));
            }
            last = end;
            _pos = q;
        }
        if (first is null && last is null)
            return Fail(dots, 2, "'..' needs a period on at least one side, written without spaces, as in 2021..2023, ..2023Q1 or 2022Q1..");
        if (first is { Frequency: >= Frequency.Quarter } a && last is { Frequency: >= Frequency.Quarter } b && a.IsCalendar != b.IsCalendar)
            return Fail(start, _pos - start, Quoted(text, start, _pos, " mixes a calendar and a fiscal period: write both ends with CY (CY2022..CY2023Q2) or neither"));
        var span = SpanFrom(start);
        Add(TokenKind.Range, span, new RangeLiteral(first, last, span));
        return true;
    }

    private bool LexWord(int start)
    {
        int end = SkipIdentChars(start + 1);
        var word = _text.AsSpan(start, end - start);
        _pos = end;
        switch (word)
        {
            case "let": return Keyword(start, TokenKind.Let, null);
            case "and": return Keyword(start, TokenKind.And, null);
            case "or": return Keyword(start, TokenKind.Or, null);
            case "not": return Keyword(start, TokenKind.Not, null);
            case "true": return Keyword(start, TokenKind.True, true);
            case "false": return Keyword(start, TokenKind.False, false);
        }
        if (IsFiscalPeriodWord(word))
        {
            // FY2023-07 (two digits, like a month): a month with a prefix, or a subtraction written without spaces;
            // either way not what it looks like. FY2023-1 is the year before (a subtraction), as 2023 - 1 is.
            if (Peek(0) == '-' && IsDigit(Peek(1)) && IsDigit(Peek(2)) && !IsDigit(Peek(3)))
            {
                int end2 = ScanDateTail(_pos);
                _pos = end2;
                return Fail(start, end2 - start, Quoted(_text, start, end2, " is not a period: months and days are written without FY or CY (2023-07, 2023-07-05); to subtract, put spaces around '-'"));
            }
            return LexPeriodCandidate(start);
        }
        if (ShortFiscalYear(word) is { } fullYear)
            return Fail(start, end - start, ShortYearMessage(_text, start, end, fullYear));

        string? entity = null;
        string name;
        if (Peek(0) == '.' && IsIdentStart(Peek(1)))
        {
            int memberEnd = SkipIdentChars(_pos + 2);
            var member = _text.AsSpan(_pos + 1, memberEnd - _pos - 1);
            _pos = memberEnd;
            if (IsKeyword(word) || IsKeyword(member))
                return Fail(start, _pos - start, KeywordInNameMessage(Slice(start, _pos), IsKeyword(word) ? word.ToString() : member.ToString()));
            entity = _state.Name(word);
            name = _state.Name(member);
        }
        else
        {
            name = _state.Name(word);
        }
        // (The word is not a keyword here: keywords returned above, and a keyword before a dot failed.)
        if (PeriodAfterDot() is int periodEnd)
        {
            // revenue.2023Q2: a period after a dot, meant as an index.
            int dot = _pos;
            _pos = periodEnd;
            return Fail(start, _pos - start, PeriodAfterDotMessage(_text, start, dot, periodEnd));
        }
        var span = SpanFrom(start);
        Add(TokenKind.Name, span, new NameRef(entity, name, span));
        return true;
    }

    /// <summary>At <c>.2023Q2</c> (a dot and a period): where the period ends; else null.</summary>
    private int? PeriodAfterDot()
    {
        if (Peek(0) != '.' || !IsDigit(Peek(1))) return null;
        int end = SkipIdentChars(_pos + 1);
        if (end == _pos + 5 && end + 1 < _text.Length && _text[end] == '-' && IsDigit(_text[end + 1])) end = ScanDateTail(end);
        return Period.TryParse(_text.AsSpan(_pos + 1, end - _pos - 1), out _) ? end : null;
    }

    private bool Keyword(int start, TokenKind kind, bool? value)
    {
        var span = SpanFrom(start);
        Add(kind, span, value is { } b ? new BoolLiteral(b, span) : null);
        return true;
    }

    internal static bool IsKeyword(ReadOnlySpan<char> word) =>
        word is "let" or "and" or "or" or "not" or "true" or "false";

    /// <summary><c>FY</c> or <c>CY</c> + 4 digits, optionally + Q/H and digits: meant as a period, so a bad one is an error, not a name.</summary>
    private static bool IsFiscalPeriodWord(ReadOnlySpan<char> word)
    {
        if (word.Length < 6 || !IsPeriodPrefix(word)) return false;
        for (int i = 2; i < 6; i++) if (!IsDigit(word[i])) return false;
        if (word.Length == 6) return true;
        if (word.Length == 7 || (word[6] | 0x20) is not ('q' or 'h')) return false;
        for (int i = 7; i < word.Length; i++) if (!IsDigit(word[i])) return false;
        return true;
    }

    /// <summary><c>FY</c> or <c>CY</c>, in any case.</summary>
    private static bool IsPeriodPrefix(ReadOnlySpan<char> word) =>
        word.Length >= 2 && (word[0] | 0x20) is 'f' or 'c' && (word[1] | 0x20) == 'y';

    /// <summary><c>FY23</c>, <c>FY23Q2</c>, <c>CY23H1</c>: a two-digit year, returned written in full (<c>FY2023Q2</c>); else null.</summary>
    private static string? ShortFiscalYear(ReadOnlySpan<char> word)
    {
        if (word.Length < 4 || !IsPeriodPrefix(word) || !IsDigit(word[2]) || !IsDigit(word[3])) return null;
        var rest = word[4..];
        if (!rest.IsEmpty && !((rest[0] | 0x20) is 'q' or 'h' && rest.Length > 1 && AllDigits(rest[1..]))) return null;
        return FullYear(word);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string FullYear(ReadOnlySpan<char> word) =>
        $"{char.ToUpperInvariant(word[0])}Y20{word[2]}{word[3]}{word[4..].ToString().ToUpperInvariant()}";

    private bool IsFiscalYearStart(int p) =>
        p + 2 < _text.Length && IsPeriodPrefix(_text.AsSpan(p, 2)) && IsDigit(_text[p + 2]);

    /// <summary>Why <paramref name="candidate"/> is not a period, as specifically as the text allows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static string PeriodError(ReadOnlySpan<char> candidate)
    {
        var reason = PeriodForms;
        var body = candidate;
        bool fiscal = IsPeriodPrefix(body);
        if (fiscal) body = body[2..];
        if (body.Length >= 4 && AllDigits(body[..4]))
        {
            var rest = body[4..];
            if (body[..4] is "0000")
            {
                reason = "year 0000 does not exist; years run from 0001 to 9999";
            }
            else if (rest.Length >= 2 && (rest[0] | 0x20) == 'q' && AllDigits(rest[1..]))
            {
                reason = $"quarter {rest[1..]} does not exist; quarters are Q1 to Q4";
            }
            else if (rest.Length >= 2 && (rest[0] | 0x20) == 'h' && AllDigits(rest[1..]))
            {
                reason = $"half {rest[1..]} does not exist; halves are H1 and H2";
            }
            else if (!fiscal && rest.Length is 3 or 6 && rest[0] == '-' && AllDigits(rest.Slice(1, 2))
                && (rest.Length == 3 || (rest[3] == '-' && AllDigits(rest.Slice(4, 2)))))
            {
                int month = (rest[1] - '0') * 10 + rest[2] - '0';
                reason = month is < 1 or > 12
                    ? $"month {rest.Slice(1, 2)} does not exist"
                    : $"day {rest.Slice(4, 2)} does not exist in {body[..7]}";
            }
            else if (!fiscal && !rest.IsEmpty && rest[0] == '-')
            {
                reason = "a month is written 2023-07 and a day 2023-07-05; to subtract, put spaces around '-'";
            }
        }
        return $"'{candidate}' is not a period: {reason}";
    }

    // Error messages are made in methods of their own, never inlined: a string built in place would give the lexer's
    // hot methods (LexWord, LexNumber) large stack frames, zeroed on every call.

    /// <summary><c>'text[start..end]'</c> followed by <paramref name="rest"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Quoted(string text, int start, int end, string rest) => string.Concat("'", text.AsSpan(start, end - start), "'", rest);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DashedPeriodMessage(string text, int start, int dash, int tail) =>
        $"'{text[start..tail]}' is not a period: write {text[start..dash]}{char.ToUpperInvariant(text[dash + 1])}{text[(dash + 2)..tail]}, without '-' (2023-07 is a month)";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DigitNameMessage(string word) =>
        $"'{word}' is not a name: a name starts with a letter or '_', as in x{word} or _{word}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ShortYearMessage(string text, int start, int end, string fullYear) =>
        $"'{text[start..end]}' is not a period: write the year with four digits, {fullYear}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string KeywordInNameMessage(string written, string keyword) => $"'{written}' is not a name: '{keyword}' is a keyword";

    /// <summary>For <c>revenue.2023Q2</c>: the name runs from <paramref name="start"/> to the dot, the period from after it to <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string PeriodAfterDotMessage(string text, int start, int dot, int end)
    {
        string named = text[start..dot], period = text[(dot + 1)..end];
        return $"'{text[start..end]}' is not a name: write {named}[{period}] for {named} in {period}";
    }

    private bool Single(TokenKind kind)
    {
        int start = _pos++;
        Add(kind, SpanFrom(start));
        return true;
    }

    private bool Double(TokenKind kind)
    {
        int start = _pos;
        _pos += 2;
        Add(kind, SpanFrom(start));
        return true;
    }

    /// <summary>An unknown character; its message is completed by the parser with what it expected there.</summary>
    private bool Unknown(int start)
    {
        int length = char.IsHighSurrogate(_text[start]) && start + 1 < _text.Length && char.IsLowSurrogate(_text[start + 1]) ? 2 : 1;
        _pos = start + length;
        Add(TokenKind.Error, SpanFrom(start));
        return false;
    }

    private bool Fail(int start, int length, string message)
    {
        _pos = start + length;
        Add(TokenKind.Error, SpanFrom(start), message: message);
        return false;
    }

    private TextSpan SpanFrom(int start) => new(start, _pos - start);

    private void Add(TokenKind kind, TextSpan span, Expr? leaf = null, string? message = null)
    {
        var token = _state.NextToken(kind, span, _previousEnd, leaf, message);
        if (kind != TokenKind.End) _previousEnd = span.End;
        if (_last is null) _first = token;
        // Reused tokens are mostly linked already, in pool order: a read instead of a write into an old object (whose
        // write barrier marks a card for the collector to scan).
        else if (!ReferenceEquals(_last.Next, token)) _last.Next = token;
        _last = token;
    }

    private char Peek(int offset)
    {
        int p = _pos + offset;
        return p < _text.Length ? _text[p] : '\0';
    }

    private int SkipIdentChars(int p)
    {
        while (p < _text.Length && IsIdentChar(_text[p])) p++;
        return p;
    }

    private string Slice(int start, int end) => _text[start..end];

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var ch in s) if (!IsDigit(ch)) return false;
        return !s.IsEmpty;
    }

    internal static bool IsDigit(char c) => (uint)(c - '0') <= 9;
    internal static bool IsIdentStart(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || c == '_';
    internal static bool IsIdentChar(char c) => IsIdentStart(c) || IsDigit(c);
}
