using Flotilla.Daemon.Pools;

namespace Flotilla.Daemon.Tests.Pools;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("20G", 20L << 30)]
    [InlineData("20g", 20L << 30)]
    [InlineData("20GiB", 20L << 30)]
    [InlineData("1.5T", 3L << 39)]
    [InlineData("512K", 512L << 10)]
    [InlineData("64M", 64L << 20)]
    [InlineData("1048576", 1L << 20)]
    [InlineData("100B", 100)]
    [InlineData(" 2 G ", 2L << 30)]
    [InlineData("0.5K", 512)]
    public void Sizes_are_powers_of_1024_as_qemu_img_reads_them(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed), text);
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("20X")]
    [InlineData("20GB")] // 10^9 or 2^30? refused rather than guessed
    [InlineData("-1G")]
    [InlineData("0")]
    [InlineData("0.1")]
    [InlineData("1,5G")]
    [InlineData("20 G B")]
    [InlineData("99999999999T")]
    [InlineData("9999999999999999999999999999999999999")]
    public void Anything_else_is_not_a_size(string? text) => Assert.False(ByteSize.TryParse(text, out _), text);

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(512L << 10, "512.0 KiB")]
    [InlineData(1L << 20, "1.0 MiB")]
    [InlineData((1L << 30) * 2 / 5, "409.6 MiB")]
    [InlineData(3L << 29, "1.5 GiB")]
    [InlineData(5L << 40, "5.0 TiB")]
    [InlineData(5L << 50, "5120.0 TiB")]
    public void A_size_reads_in_the_largest_unit_it_fills(long bytes, string text) => Assert.Equal(text, ByteSize.Format(bytes));
}
