using Flotilla.LoadTest.Http;
using Jint;
using Jint.Native;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// k6's Response object: <c>status proto url body headers timings error error_code json()</c>.
/// Built on fixed layouts so every response of a VU shares one hidden class (a script reading
/// <c>r.status</c> in a loop stays on Jint's fast path); <c>body</c>, <c>headers</c> and
/// <c>timings</c> are made on first read, so a script that never reads them pays nothing for them.
/// </summary>
internal static class ResponseObjects
{
    private static readonly JsObjectLayout WithBody = Layout(lazyBody: true);
    private static readonly JsObjectLayout WithoutBody = Layout(lazyBody: false);
    private static readonly JsObjectLayout TimingsLayout = new(["blocked", "connecting", "tls_handshaking", "sending", "waiting", "receiving", "duration"]);
    // Primitives hold no engine, so every VU can share them.
    private static readonly JsString Http11 = new("HTTP/1.1");
    private static readonly JsString Http10 = new("HTTP/1.0");
    private static readonly JsNumber NoErrorCode = new(0);

    /// <param name="url">The URL the response came from (after redirects).</param>
    /// <param name="json">The VU's <c>json()</c> method, shared by its responses.</param>
    public static JsObject Create(Engine engine, HttpResponse response, JsValue url, JsValue json, bool discardBody)
    {
        var code = K6ErrorCodes.For(response);
        ReadOnlySpan<JsValue> values =
        [
            JsNumber.Create(response.Status),
            response.Status == 0 ? JsString.Empty : response.Protocol == "HTTP/1.0" ? Http10 : Http11,
            url,
            discardBody ? JsValue.Null : null!,
            null!,
            null!,
            response.Error == HttpErrorKind.None ? JsString.Empty : new JsString($"{HttpErrorKinds.Name(response.Error)}: {response.ErrorMessage}"),
            code == 0 ? NoErrorCode : JsNumber.Create(code),
            json,
        ];
        return JsObject.Create(engine, discardBody ? WithoutBody : WithBody, values, response);
    }

    private static JsObjectLayout Layout(bool lazyBody)
    {
        var layout = JsObjectLayout.CreateBuilder().Add("status").Add("proto").Add("url");
        layout = lazyBody ? layout.AddLazy("body", static (_, state) => Body((HttpResponse)state!)) : layout.Add("body");
        return layout
            .AddLazy("headers", static (self, state) => Headers(self.Engine, (HttpResponse)state!))
            .AddLazy("timings", static (self, state) => Timings(self.Engine, ((HttpResponse)state!).Timings))
            .Add("error").Add("error_code").Add("json")
            .Build();
    }

    /// <summary>The body as text (k6's default responseType); null when no response came.</summary>
    private static JsValue Body(HttpResponse response) => response.Status == 0 ? JsValue.Null : new JsString(response.BodyText);

    /// <summary>Names in Go's canonical form; a repeated header's values joined with <c>, </c>, as Go's Header.Get shows them.</summary>
    private static JsValue Headers(Engine engine, HttpResponse response)
    {
        var merged = new List<KeyValuePair<string, JsValue>>(response.Headers.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rawName, value) in response.Headers)
        {
            var name = HeaderNames.Canonical(rawName);
            if (index.TryGetValue(name, out var i))
            {
                merged[i] = new(name, new JsString($"{merged[i].Value.AsString()}, {value}"));
            }
            else
            {
                index[name] = merged.Count;
                merged.Add(new(name, new JsString(value)));
            }
        }
        return JsObject.CreateFromEntries(engine, merged);
    }

    private static JsValue Timings(Engine engine, HttpTimings t) => JsObject.Create(engine, TimingsLayout,
    [
        JsNumber.Create(t.Blocked), JsNumber.Create(t.Connecting), JsNumber.Create(t.TlsHandshaking), JsNumber.Create(t.Sending),
        JsNumber.Create(t.Waiting), JsNumber.Create(t.Receiving), JsNumber.Create(t.Duration),
    ]);
}
