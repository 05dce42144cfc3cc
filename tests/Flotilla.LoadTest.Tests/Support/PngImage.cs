using System.Buffers.Binary;
using System.IO.Compression;

namespace Flotilla.LoadTest.Tests.Support;

/// <summary>
/// A decoded PNG, enough of the format for browser screenshots: 8-bit RGB or RGBA, not
/// interlaced. Anything else throws <see cref="NotSupportedException"/> rather than guessing.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private readonly byte[] rgb;

    private PngImage(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        this.rgb = rgb;
    }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = (y * Width + x) * 3;
            return (rgb[i], rgb[i + 1], rgb[i + 2]);
        }
    }

    /// <summary>Pixels whose every channel is within <paramref name="tolerance"/> of <paramref name="hex"/> (#rrggbb).</summary>
    public int CountNear(string hex, int tolerance)
    {
        var (r, g, b) = (Convert.ToByte(hex[1..3], 16), Convert.ToByte(hex[3..5], 16), Convert.ToByte(hex[5..7], 16));
        var count = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            if (Math.Abs(rgb[i] - r) <= tolerance && Math.Abs(rgb[i + 1] - g) <= tolerance && Math.Abs(rgb[i + 2] - b) <= tolerance)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Distinct colours in the image: a blank (or single-colour) chart has one or two.</summary>
    public int DistinctColours()
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < rgb.Length; i += 3)
        {
            seen.Add(rgb[i] << 16 | rgb[i + 1] << 8 | rgb[i + 2]);
        }

        return seen.Count;
    }

    public static PngImage Decode(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG: bad signature");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var offset = Signature.Length;
        while (offset + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(offset + 4, 4));
            var data = png.Slice(offset + 8, length);
            offset += 12 + length;
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var (depth, colourType, interlace) = (data[8], data[9], data[12]);
                    if (depth != 8 || colourType is not (2 or 6) || interlace != 0)
                    {
                        throw new NotSupportedException($"PNG with bit depth {depth}, colour type {colourType}, interlace {interlace}: only 8-bit RGB/RGBA, non-interlaced");
                    }

                    channels = colourType == 6 ? 4 : 3;
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    return new PngImage(width, height, Unfilter(idat.ToArray(), width, height, channels));
            }
        }

        throw new InvalidDataException("PNG ends without IEND");
    }

    /// <summary>Inflates the image data and undoes each row's filter (PNG spec §9).</summary>
    private static byte[] Unfilter(byte[] compressed, int width, int height, int channels)
    {
        if (channels == 0)
        {
            throw new InvalidDataException("PNG without IHDR");
        }

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.GetBuffer();
        var stride = width * channels;
        if (inflated.Length < (long)(stride + 1) * height)
        {
            throw new InvalidDataException($"PNG data is {inflated.Length} bytes, {width}x{height}x{channels} needs {(stride + 1) * height}");
        }

        var previous = new byte[stride];
        var current = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1);
            var filter = raw[row];
            for (var i = 0; i < stride; i++)
            {
                var left = i >= channels ? current[i - channels] : 0;
                var up = previous[i];
                var upLeft = i >= channels ? previous[i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row {y}: unknown filter {filter}"),
                };
                current[i] = (byte)(raw[row + 1 + i] + predictor);
            }

            for (var x = 0; x < width; x++)
            {
                // Composited over white, as the page behind a transparent pixel would show it.
                var alpha = channels == 4 ? current[x * 4 + 3] : 255;
                for (var c = 0; c < 3; c++)
                {
                    rgb[(y * width + x) * 3 + c] = (byte)((current[x * channels + c] * alpha + 255 * (255 - alpha) + 127) / 255);
                }
            }

            (previous, current) = (current, previous);
        }

        return rgb;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
