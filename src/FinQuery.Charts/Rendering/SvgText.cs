using System.Net;
using System.Text.RegularExpressions;

namespace FinQuery.Charts.Rendering;

/// <summary>
/// Final touches on the SVG that Skia writes: the bundled font's family with fallbacks for viewers that lack
/// it, clip-path ids numbered from 1 in each document (Skia numbers them per process), and a title element.
/// </summary>
internal static partial class SvgText
{
    public static string Tidy(string svg, string? title)
    {
        svg = svg.Replace($"font-family=\"{BundledFont.Family}\"", $"font-family=\"{BundledFont.SvgFamily}\"", StringComparison.Ordinal);
        svg = RenumberClips(svg);
        if (!string.IsNullOrWhiteSpace(title))
        {
            int open = svg.IndexOf("<svg", StringComparison.Ordinal);
            int close = open < 0 ? -1 : svg.IndexOf('>', open);
            if (close > 0)
                svg = svg.Insert(close + 1, $"\n\t<title>{WebUtility.HtmlEncode(title)}</title>");
        }
        return svg;
    }

    private static string RenumberClips(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ClipId().Matches(svg))
        {
            string id = m.Groups[1].Value;
            if (!ids.ContainsKey(id)) ids[id] = "clip" + (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ids.Count == 0) return svg;
        return ClipRef().Replace(svg, m => m.Value.Replace(m.Groups[1].Value, ids.GetValueOrDefault(m.Groups[1].Value, m.Groups[1].Value), StringComparison.Ordinal));
    }

    [GeneratedRegex("<clipPath id=\"(cl_[0-9a-fA-F]+)\"")]
    private static partial Regex ClipId();

    [GeneratedRegex("(?:id=\"|url\\(#)(cl_[0-9a-fA-F]+)")]
    private static partial Regex ClipRef();
}
