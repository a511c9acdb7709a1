namespace FinQuery.Tests.Screens;

/// <summary>Peers inside <c>asof</c> read that vintage for every entity of the universe.</summary>
public class PeerVintageTests
{
    // x[2023Q1]: A 10 filed in May, restated to 30 in August; B 20 filed in May.
    private static readonly Dataset Data = Dataset.ParseJson("""
        {
          "entities": [
            { "id": "A", "series": [
              { "metric": "x", "unit": "USD", "aggregation": "sum", "filed": "2023-05-01", "values": { "2023Q1": 10 } },
              { "metric": "x", "unit": "USD", "aggregation": "sum", "filed": "2023-08-01", "values": { "2023Q1": 30 } } ] },
            { "id": "B", "series": [
              { "metric": "x", "unit": "USD", "aggregation": "sum", "filed": "2023-05-01", "values": { "2023Q1": 20 } } ] }
          ]
        }
        """);

    [Fact]
    public void Each_vintage_has_its_own_peers()
    {
        var bound = Query.Parse("peer_rank(x[2023Q1]) * 100 + asof(2023-06-01, peer_rank(x[2023Q1])) * 10 + peer_max(x[2023Q1]) / 10").Bind(Data, "A");
        // Latest: A 30, B 20 (A ranks 1, max 30); as of June: A 10, B 20 (A ranks 2).
        Assert.Equal(100 + 20 + 3, bound.Evaluate().Number);
        var june = Query.Parse("asof(2023-06-01, peer_max(x[2023Q1])) + asof(2023-09-01, peer_max(x[2023Q1])) / 1000").Bind(Data, "A");
        Assert.Equal(20 + 0.03, june.Evaluate().Number, 12);
    }
}
