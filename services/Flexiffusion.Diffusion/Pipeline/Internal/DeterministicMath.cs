namespace Flexiffusion.Diffusion.Pipeline.Internal;

/// <summary>
/// Elementary functions built only from IEEE-754 basic operations (+ − × ÷, correctly rounded and
/// never contracted into FMA by .NET), so they return the same bits on every platform, unlike libm.
/// </summary>
internal static class DeterministicMath
{
    private const double Sqrt2 = 1.4142135623730951;
    // ln 2 split as in fdlibm's e_log.c: e · Ln2Hi is exact for |e| < 2^11.
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double TwoPow54 = 18014398509481984.0;
    private const double MinNormal = 2.2250738585072014E-308;

    /// <summary>The natural logarithm of <paramref name="x"/>, within about one ulp of the true value.</summary>
    /// <remarks>
    /// x = m · 2^e with m in [√½, √2) read from the bits; with f = m − 1 (exact) and t = f / (2 + f) = (m − 1)/(m + 1),
    /// |t| ≤ 0.172, ln m = 2 atanh(t) = 2(t + t³/3 + … + t²¹/21), the omitted terms being below 10⁻¹⁸ relative.
    /// The sum is arranged as in fdlibm's e_log.c, ln m = f − (f²/2 − t(f²/2 + R)) with R = 2(t²/3 + t⁴/5 + …),
    /// so that the leading term is exact; then ln x = ln m + e ln 2 with ln 2 split into an exact high part and a low part.
    /// </remarks>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0)
            return double.NaN;
        if (x == 0)
            return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x))
            return x;

        var e = 0;
        if (x < MinNormal)
        {
            x *= TwoPow54;
            e = -54;
        }
        var bits = BitConverter.DoubleToInt64Bits(x);
        e += (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m >= Sqrt2)
        {
            m *= 0.5;
            e++;
        }

        var f = m - 1;
        var t = f / (2 + f);
        var z = t * t;
        var r = 2 * z * (1.0 / 3 + z * (1.0 / 5 + z * (1.0 / 7 + z * (1.0 / 9 + z * (1.0 / 11
              + z * (1.0 / 13 + z * (1.0 / 15 + z * (1.0 / 17 + z * (1.0 / 19 + z * (1.0 / 21))))))))));
        var halfF2 = 0.5 * f * f;
        return e == 0
            ? f - (halfF2 - t * (halfF2 + r))
            : e * Ln2Hi - ((halfF2 - (t * (halfF2 + r) + e * Ln2Lo)) - f);
    }
}
