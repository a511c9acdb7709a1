using System.Text;

namespace FinQuery.Data.Sec;

/// <summary>
/// One string per text, looked up by its UTF-8 bytes when they are ASCII (accession numbers and forms always are)
/// or by its characters otherwise, so that a text already seen costs neither a string nor a transcoding. Both
/// lookups hash the same code units, so a text finds its string whichever way it was first seen.
/// </summary>
internal sealed class TextInterner
{
    private string?[] _strings = new string?[256];
    private int[] _hashes = new int[256];
    private int _count;

    /// <summary>How many strings it holds.</summary>
    public int Count => _count;

    /// <summary>The string of ASCII <paramref name="utf8"/>; null when a byte is not ASCII (then use the characters).</summary>
    public string? Intern(ReadOnlySpan<byte> utf8)
    {
        uint h = 2166136261;
        foreach (byte b in utf8)
        {
            if (b >= 0x80) return null;
            h = (h ^ b) * 16777619;
        }
        int hash = (int)h, mask = _strings.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            var s = _strings[i];
            if (s is null) return Add(i, hash, Encoding.ASCII.GetString(utf8));
            if (_hashes[i] == hash && Ascii.Equals(utf8, s)) return s;
        }
    }

    /// <summary>The string of <paramref name="chars"/>.</summary>
    public string Intern(ReadOnlySpan<char> chars)
    {
        uint h = 2166136261;
        foreach (char c in chars)
        {
            // As the byte lookup hashes ASCII; other characters mix in both bytes.
            h = (h ^ (byte)c) * 16777619;
            if (c >= 0x80) h = (h ^ (uint)(c >> 8)) * 16777619;
        }
        int hash = (int)h, mask = _strings.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            var s = _strings[i];
            if (s is null) return Add(i, hash, chars.ToString());
            if (_hashes[i] == hash && chars.SequenceEqual(s)) return s;
        }
    }

    private string Add(int slot, int hash, string s)
    {
        _strings[slot] = s;
        _hashes[slot] = hash;
        if (++_count * 2 > _strings.Length) Grow();
        return s;
    }

    private void Grow()
    {
        var (strings, hashes) = (_strings, _hashes);
        _strings = new string?[strings.Length * 2];
        _hashes = new int[strings.Length * 2];
        int mask = _strings.Length - 1;
        for (int k = 0; k < strings.Length; k++)
        {
            if (strings[k] is not { } s) continue;
            int i = hashes[k] & mask;
            while (_strings[i] is not null) i = (i + 1) & mask;
            _strings[i] = s;
            _hashes[i] = hashes[k];
        }
    }

    /// <summary>Forgets every string (a loader clears it for each company).</summary>
    public void Clear()
    {
        Array.Clear(_strings);
        _count = 0;
    }
}
