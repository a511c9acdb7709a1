using ScottPlot;
using SkiaSharp;

namespace FinQuery.Charts.Rendering;

/// <summary>
/// The font every chart is drawn with, DejaVu Sans, read from this assembly: the same glyphs and text widths
/// on every machine, and text even where no font is installed (a bare container). Registered with ScottPlot's
/// font resolvers once, ahead of the system's, under the font's own family name; SVG documents name that
/// family with common fallbacks.
/// </summary>
internal static class BundledFont
{
    public const string Family = "DejaVu Sans";

    /// <summary>The <c>font-family</c> an SVG viewer without DejaVu Sans falls back along.</summary>
    public const string SvgFamily = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', Geneva, sans-serif";

    private static readonly SKData Data = Load();

    // The type initializer runs once, and every other thread waits for it: no chart is drawn before the
    // resolver is in place, and ScottPlot's list of resolvers is never changed while one is being drawn.
    private static readonly bool Registered = Register();

    /// <summary>Adds the resolver, once, before any chart is drawn.</summary>
    public static void EnsureRegistered() => _ = Registered;

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    }

    private static SKData Load()
    {
        using var stream = typeof(BundledFont).Assembly.GetManifestResourceStream("FinQuery.Charts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The chart font is missing from this build of FinQuery.Charts.");
        return SKData.Create(stream);
    }

    private sealed class Resolver : IFontResolver
    {
        // Any weight and slant: bold and italic text (ScottPlot's default title) is drawn upright and regular.
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Family ? SKTypeface.FromData(Data) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            CreateTypeface(fontName, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal);
    }
}
