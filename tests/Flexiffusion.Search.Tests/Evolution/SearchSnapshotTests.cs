using CsCheck;
using Flexiffusion.Search.Evaluation;
using Flexiffusion.Search.Evolution;

namespace Flexiffusion.Search.Tests.Evolution;

public sealed class SearchSnapshotTests
{
    private static void AssertSameSnapshot(SearchSnapshot expected, SearchSnapshot actual)
    {
        Assert.Equal(expected.Fingerprint, actual.Fingerprint);
        Assert.Equal(expected.CompletedGenerations, actual.CompletedGenerations);
        Assert.Equal(expected.Evaluated.Count, actual.Evaluated.Count);
        for (int i = 0; i < expected.Evaluated.Count; i++)
        {
            var e = expected.Evaluated[i];
            var a = actual.Evaluated[i];
            Assert.Equal(e.Candidate, a.Candidate);
            Assert.Equal(e.Generation, a.Generation);
            // NaN payloads are not kept (JSON has one "NaN"); every other double must come back bit for bit, -0 included.
            bool same = double.IsNaN(e.Score)
                ? double.IsNaN(a.Score)
                : BitConverter.DoubleToInt64Bits(e.Score) == BitConverter.DoubleToInt64Bits(a.Score);
            Assert.True(same, $"entry {i}: score {e.Score:R} came back as {a.Score:R}");
        }
    }

    [Fact]
    public void FromJson_OfToJson_KeepsEveryFieldExactly()
    {
        double[] scores =
        [
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1 + 0.2, 0.0, -0.0, double.Epsilon,
            double.MaxValue, double.MinValue, 1.0 / 3.0, 12.345678901234567, -7.5e-300, Math.BitIncrement(1.0),
        ];
        var entries = scores.Select((s, i) => new StoredEvaluation(i % 2 == 0 ? "20: 2:5x20" : "3: 2:5/40 2:5/30 F/30", s) { Generation = i % 4 }).ToList();
        var snapshot = new SearchSnapshot("3f9a\"quoted\\ ünïcode ✓", 4, entries);

        var copy = SearchSnapshot.FromJson(snapshot.ToJson());

        AssertSameSnapshot(snapshot, copy);
    }

    [Fact]
    public void FromJson_OfToJson_RandomScoresRoundTripBitForBit()
    {
        var fingerprints = Gen.Char["abcdef0123456789\"\\ ü✓"].Array[0, 20].Select(c => new string(c));
        var gen = Gen.Select(Gen.Double.Array[0, 20], Gen.Int[0, 1000], fingerprints);
        Check.Sample(gen, (scores, generations, fingerprint) =>
        {
            var snapshot = new SearchSnapshot(fingerprint, generations,
                [.. scores.Select((s, i) => new StoredEvaluation($"{i + 1}: F", s) { Generation = i })]);

            var copy = SearchSnapshot.FromJson(snapshot.ToJson());

            AssertSameSnapshot(snapshot, copy);
        }, iter: 300);
    }

    [Fact]
    public void FromJson_EmptyHistory_RoundTrips()
    {
        var snapshot = new SearchSnapshot("abc", 0, []);

        var copy = SearchSnapshot.FromJson(snapshot.ToJson());

        AssertSameSnapshot(snapshot, copy);
    }

    [Fact]
    public void ToJson_WritesTheFormatVersionAndCamelCaseFields()
    {
        var snapshot = new SearchSnapshot("abc", 2, [new StoredEvaluation("1: F", double.NaN) { Generation = 1 }]);

        string json = snapshot.ToJson();

        Assert.Contains("\"version\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"fingerprint\":\"abc\"", json, StringComparison.Ordinal);
        Assert.Contains("\"completedGenerations\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"score\":\"NaN\"", json, StringComparison.Ordinal);
        Assert.Equal(1, SearchSnapshot.FormatVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"version\":\"one\",\"fingerprint\":\"a\",\"completedGenerations\":0,\"evaluated\":[]}")]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":0,\"evaluated\":[{\"candidate\":\"1: F\",\"score\":\"high\",\"generation\":0}]}")]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":0,\"evaluated\":{}}")]
    public void FromJson_MalformedJson_ThrowsFormatExceptionSayingItIsNotASnapshot(string json)
    {
        var error = Assert.Throws<FormatException>(() => SearchSnapshot.FromJson(json));

        Assert.StartsWith("not a search snapshot", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"version\":1,\"completedGenerations\":0,\"evaluated\":[]}")]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":0}")]
    [InlineData("{\"version\":1,\"fingerprint\":null,\"completedGenerations\":0,\"evaluated\":[]}")]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":0,\"evaluated\":null}")]
    public void FromJson_MissingFields_ThrowsFormatExceptionSayingFieldsAreMissing(string json)
    {
        var error = Assert.Throws<FormatException>(() => SearchSnapshot.FromJson(json));

        Assert.Contains("fields are missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void FromJson_WrongVersion_ThrowsFormatExceptionNamingBothVersions(int version)
    {
        string json = new SearchSnapshot("abc", 1, [new StoredEvaluation("1: F", 1) { Generation = 0 }]).ToJson()
            .Replace("\"version\":1", $"\"version\":{version}", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => SearchSnapshot.FromJson(json));

        Assert.Contains($"version {version} is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MissingVersion_ThrowsFormatException()
    {
        const string json = "{\"fingerprint\":\"a\",\"completedGenerations\":0,\"evaluated\":[]}";

        var error = Assert.Throws<FormatException>(() => SearchSnapshot.FromJson(json));

        Assert.Contains("version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => SearchSnapshot.FromJson(null!));
    }

    [Theory]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":1,\"evaluated\":[null]}")]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":1,\"evaluated\":[{\"score\":1,\"generation\":0}]}")]
    [InlineData("{\"version\":1,\"fingerprint\":\"a\",\"completedGenerations\":1,\"evaluated\":[{\"candidate\":null,\"score\":1,\"generation\":0}]}")]
    public void FromJson_EntryWithoutCandidate_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => SearchSnapshot.FromJson(json));
    }

    [Fact]
    public void ToJsonThenFromJson_EvaluatorDetails_TravelWithTheScore()
    {
        var stored = new StoredEvaluation("20: 2:5x20", 0.125)
        {
            Generation = 2, Kid = 0.5, DurationMs = 1500, EvaluatorId = "eval-a", ImagesPerSecond = 12.5, Bootstrap = [0.1, 0.2],
        };

        var back = SearchSnapshot.FromJson(new SearchSnapshot("abc", 3, [stored]).ToJson()).Evaluated[0];

        Assert.Equal(stored with { Bootstrap = null }, back with { Bootstrap = null });
        Assert.Equal(stored.Bootstrap, back.Bootstrap);
    }

    [Fact]
    public void FromJson_EntriesWithoutDetails_AreReadAsBefore()
    {
        const string json = """{"version":1,"fingerprint":"abc","completedGenerations":1,"evaluated":[{"candidate":"1: F","score":1.5,"generation":0}]}""";

        var entry = Assert.Single(SearchSnapshot.FromJson(json).Evaluated);

        Assert.Equal(new StoredEvaluation("1: F", 1.5) { Generation = 0 }, entry);
    }
}
