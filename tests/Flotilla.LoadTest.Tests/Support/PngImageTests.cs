using System.Buffers.Binary;
using System.IO.Compression;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>The blank-chart check is only as good as the decoder under it.</summary>
public sealed class PngImageTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Decodes_every_filter_type(int channels)
    {
        // Five rows, one per filter (None, Sub, Up, Average, Paeth), of pixels that differ everywhere.
        const int width = 7, height = 5;
        var pixels = new byte[width * height * channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 37 % 251);
        }

        if (channels == 4)
        {
            for (var i = 3; i < pixels.Length; i += 4)
            {
                pixels[i] = 255;
            }
        }

        var image = PngImage.Decode(Encode(width, height, channels, pixels));

        Assert.Equal((width, height), (image.Width, image.Height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * channels;
                Assert.Equal((pixels[i], pixels[i + 1], pixels[i + 2]), image[x, y]);
            }
        }
    }

    [Fact]
    public void Transparent_pixels_read_as_the_white_page_behind_them()
    {
        var image = PngImage.Decode(Encode(2, 1, 4, [0, 0, 0, 0, 255, 0, 0, 255]));

        Assert.Equal(((byte)255, (byte)255, (byte)255), image[0, 0]);
        Assert.Equal(1, image.CountNear("#ff0000", 0));
        Assert.Equal(2, image.DistinctColours());
    }

    [Fact]
    public void Rejects_what_it_cannot_read()
    {
        Assert.Throws<InvalidDataException>(() => PngImage.Decode("GIF89a"u8));
        var png = Encode(1, 1, 3, [1, 2, 3]);
        png[8 + 8 + 8] = 16; // IHDR bit depth
        Assert.Throws<NotSupportedException>(() => PngImage.Decode(png));
    }

    /// <summary>A minimal encoder: row y uses filter y % 5; CRCs are left zero (the decoder ignores them).</summary>
    private static byte[] Encode(int width, int height, int channels, byte[] pixels)
    {
        var stride = width * channels;
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            var filter = (byte)(y % 5);
            raw.WriteByte(filter);
            for (var i = 0; i < stride; i++)
            {
                int At(int row, int col) => row < 0 || col < 0 ? 0 : pixels[row * stride + col];
                var (a, b, c) = (At(y, i - channels), At(y - 1, i), At(y - 1, i - channels));
                var p = a + b - c;
                var paeth = Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c;
                var predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => paeth };
                raw.WriteByte((byte)(pixels[y * stride + i] - predictor));
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, (byte)(channels == 4 ? 6 : 2));

        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(MemoryStream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        png.Write(System.Text.Encoding.ASCII.GetBytes(type));
        png.Write(data);
        png.Write([0, 0, 0, 0]);
    }
}
