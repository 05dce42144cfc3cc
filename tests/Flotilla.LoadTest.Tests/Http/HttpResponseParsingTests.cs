using System.Text;
using Flotilla.LoadTest.Http;

namespace Flotilla.LoadTest.Tests.Http;

public sealed class HttpResponseParsingTests
{
    private static (HttpResponseHead Head, string Body, bool EndsAtClose) ParseInPieces(string wire, int pieceSize, bool head = false)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);
        var headEnd = HttpResponseHeadParser.FindEnd(bytes);
        Assert.True(headEnd > 0, "the head is complete");
        var parsed = HttpResponseHeadParser.Parse(bytes.AsSpan(0, headEnd), keepHeaders: true);
        var decoder = new HttpBodyDecoder();
        var capture = new BodyCapture(1 << 20);
        decoder.Start(parsed, head);
        capture.Reset(parsed.ContentLength);
        var offset = headEnd;
        while (offset < bytes.Length && !decoder.IsComplete)
        {
            var piece = bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset));
            offset += decoder.Feed(piece, capture);
        }
        if (!decoder.IsComplete) Assert.True(decoder.CompleteAtEof(), "a body without framing ends at the close");
        return (parsed, Encoding.ASCII.GetString(capture.ToArray()), decoder.EndsAtClose);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Chunked_body_decodes_whatever_the_read_boundaries(int pieceSize)
    {
        const string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n" +
            "5\r\nHello\r\n7;ext=1\r\n from V\r\nA\r\nM 1, done.\r\n0\r\nX-Trailer: yes\r\n\r\n";
        var (head, body, endsAtClose) = ParseInPieces(wire, pieceSize);
        Assert.True(head.Chunked);
        Assert.Equal("Hello from VM 1, done.", body);
        Assert.False(endsAtClose);
    }

    [Fact]
    public void Content_length_body_stops_at_its_length()
    {
        var (head, body, _) = ParseInPieces("HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\nHello from VM 0", 4);
        Assert.Equal(200, head.Status);
        Assert.Equal(15, head.ContentLength);
        Assert.Equal("Hello from VM 0", body);
    }

    [Fact]
    public void A_body_without_length_or_chunking_runs_to_the_close()
    {
        var (head, body, endsAtClose) = ParseInPieces("HTTP/1.0 200 OK\r\n\r\nuntil close", 3);
        Assert.Equal("HTTP/1.0", head.Protocol);
        Assert.True(head.ConnectionClose, "HTTP/1.0 closes by default");
        Assert.True(endsAtClose);
        Assert.Equal("until close", body);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", true)]
    public void Responses_that_have_no_body_are_complete_after_the_head(string wire, bool headRequest)
    {
        var bytes = Encoding.ASCII.GetBytes(wire);
        var decoder = new HttpBodyDecoder();
        decoder.Start(HttpResponseHeadParser.Parse(bytes, keepHeaders: false), headRequest);
        Assert.True(decoder.IsComplete);
    }

    [Fact]
    public void Headers_and_connection_close_are_read()
    {
        var bytes = "HTTP/1.1 503 Service Unavailable\r\nconnection: Close\r\ncontent-length: 0\r\nX-Backend: vm-2\r\n\r\n"u8.ToArray();
        var head = HttpResponseHeadParser.Parse(bytes, keepHeaders: true);
        Assert.Equal(503, head.Status);
        Assert.True(head.ConnectionClose);
        Assert.Contains(new KeyValuePair<string, string>("X-Backend", "vm-2"), head.Headers);
    }

    [Theory]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    public void Garbage_is_a_protocol_error(string wire)
    {
        Assert.Throws<MalformedResponseException>(() => HttpResponseHeadParser.Parse(Encoding.ASCII.GetBytes(wire), keepHeaders: false));
    }

    [Fact]
    public void Bad_chunk_framing_is_a_protocol_error()
    {
        var head = HttpResponseHeadParser.Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"u8, keepHeaders: false);
        var decoder = new HttpBodyDecoder();
        decoder.Start(head, false);
        Assert.Throws<MalformedResponseException>(() => decoder.Feed("3\r\nabcdef\r\n"u8, new BodyCapture(100)));
    }

    [Fact]
    public void Only_the_capture_limit_is_kept_but_every_byte_is_counted()
    {
        var capture = new BodyCapture(4);
        capture.Reset(10);
        capture.Append("0123456789"u8);
        Assert.Equal(10, capture.Total);
        Assert.Equal("0123"u8.ToArray(), capture.ToArray());
    }

    [Fact]
    public void Requests_carry_host_agent_and_close_only_when_asked()
    {
        var request = new HttpRequest("GET", HttpTarget.Parse("http://127.0.0.1:8080/a?b=1"), [new("X-Test", "1")]);
        var keepAlive = Encoding.ASCII.GetString(request.Encode(close: false));
        Assert.StartsWith("GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", keepAlive);
        Assert.Contains("X-Test: 1\r\n", keepAlive);
        Assert.DoesNotContain("Connection:", keepAlive);
        Assert.EndsWith("\r\n\r\n", keepAlive);
        Assert.Contains("Connection: close\r\n", Encoding.ASCII.GetString(request.Encode(close: true)));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("/relative")]
    [InlineData("http://user:pw@127.0.0.1/")]
    public void Malformed_urls_are_input_errors(string url)
    {
        var e = Assert.Throws<LoadTestInputException>(() => HttpTarget.Parse(url));
        Assert.Contains(url, e.Message);
    }
}
