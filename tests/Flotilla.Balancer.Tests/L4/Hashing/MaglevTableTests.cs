using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Hashing;

namespace Flotilla.Balancer.Tests.L4.Hashing;

public sealed class MaglevTableTests
{
    private static readonly (string Key, int Weight)[] Three = [("10.0.0.1:80", 1), ("10.0.0.2:80", 1), ("10.0.0.3:80", 1)];

    [Fact]
    public void Thirty_thousand_five_tuples_spread_within_five_percent_over_three_equal_members()
    {
        var table = MaglevTable.Build(Three);
        var counts = new int[3];
        var random = new Random(42);
        for (var i = 0; i < 30_000; i++)
        {
            var key = new FlowKey(new IPAddress(random.Next()), random.Next(1024, 65536), IPAddress.Parse("127.0.0.1"), 8080, RuleProtocol.Tcp);
            counts[table.Lookup(FlowKeyHasher.Hash(key, Distribution.Default))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void Weights_set_the_share_of_the_table()
    {
        var table = MaglevTable.Build([("a:1", 1), ("b:1", 2), ("c:1", 1)]);
        var shares = SlotShares(table, 3);
        Assert.InRange(shares[0], 0.24, 0.26);
        Assert.InRange(shares[1], 0.49, 0.51);
        Assert.InRange(shares[2], 0.24, 0.26);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void Removing_one_of_n_members_moves_at_most_one_nth_plus_two_percent(int n)
    {
        var members = Enumerable.Range(1, n).Select(i => ($"10.0.0.{i}:80", 1)).ToArray();
        var before = MaglevTable.Build(members);
        var removed = members[n / 2].Item1;
        var remaining = members.Where(m => m.Item1 != removed).ToArray();
        var after = MaglevTable.Build(remaining);

        var moved = 0;
        for (var slot = 0; slot < before.Size; slot++)
        {
            if (members[before[slot]].Item1 != remaining[after[slot]].Item1)
            {
                moved++;
            }
        }

        Assert.True((double)moved / before.Size <= (1.0 / n) + 0.02, $"{moved} of {before.Size} slots moved");
    }

    [Fact]
    public void The_table_depends_on_the_members_not_their_order()
    {
        var a = MaglevTable.Build(Three);
        var b = MaglevTable.Build([Three[2], Three[0], Three[1]]);
        for (var slot = 0; slot < a.Size; slot++)
        {
            Assert.Equal(Three[a[slot]].Key, new[] { Three[2], Three[0], Three[1] }[b[slot]].Key);
        }
    }

    [Fact]
    public void Golden_vectors_pin_the_table_every_node_must_compute()
    {
        // If these change, balancer nodes of different versions send one flow to different members.
        var table = MaglevTable.Build(Three);
        int[] first = [.. Enumerable.Range(0, 12).Select(s => table[s])];
        Assert.Equal(string.Join(",", GoldenFirstSlots), string.Join(",", first));
    }

    // Computed once from the algorithm as written (XxHash64, seeds in StableHash) and pinned.
    private static readonly int[] GoldenFirstSlots = [0, 0, 1, 1, 2, 2, 2, 1, 2, 0, 0, 2];

    private static double[] SlotShares(MaglevTable table, int members)
    {
        var counts = new double[members];
        for (var slot = 0; slot < table.Size; slot++)
        {
            counts[table[slot]]++;
        }

        return [.. counts.Select(c => c / table.Size)];
    }
}
