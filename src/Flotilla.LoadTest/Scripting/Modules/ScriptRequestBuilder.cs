using System.Text;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// Turns the arguments of <c>http.get/post/request/…</c> into a <see cref="ScriptRequest"/>: the
/// URL, the body (a string as UTF-8, an ArrayBuffer as is, an object form-urlencoded as k6 does)
/// and the params k6 scripts use (<c>headers</c>, <c>timeout</c>, <c>redirects</c>,
/// <c>responseType: 'none'</c>; <c>tags</c> and the rest are accepted and ignored). A request
/// without body or params is built once per VU and reused, so a loop of <c>http.get(url)</c>
/// parses no URL and encodes no request.
/// </summary>
internal sealed class ScriptRequestBuilder(VuState vu)
{
    private const int CacheLimit = 256;
    private readonly Dictionary<string, HttpTarget> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Method, string Url), HttpRequest> _plain = [];

    /// <exception cref="JavaScriptException">A bad URL, header, body or param: the script can catch it, as in k6.</exception>
    public ScriptRequest Build(string method, JsValue url, JsValue body, JsValue parameters)
    {
        var urlText = url.IsString() ? url.AsString() : TypeConverter.ToString(url);
        var settings = vu.Http;
        var plain = IsAbsent(body) && IsAbsent(parameters);
        if (plain && _plain.TryGetValue((method, urlText), out var cached))
        {
            return new ScriptRequest(cached, url, settings.MaxRedirects, settings.DiscardResponseBodies);
        }

        var target = Target(urlText);
        var headers = new List<KeyValuePair<string, string>>();
        TimeSpan? timeout = null;
        var redirects = settings.MaxRedirects;
        var discard = settings.DiscardResponseBodies;
        if (parameters is ObjectInstance p)
        {
            if (p.Get("headers") is ObjectInstance h)
            {
                foreach (var key in h.GetOwnPropertyKeys(Types.String))
                {
                    var value = h.Get(key);
                    if (!value.IsUndefined() && !value.IsNull()) headers.Add(new(key.ToString(), TypeConverter.ToString(value)));
                }
            }
            timeout = Timeout(p.Get("timeout"));
            if (p.Get("redirects") is var r && !r.IsUndefined() && !r.IsNull()) redirects = Math.Max(0, TypeConverter.ToInt32(r));
            if (p.Get("responseType") is var type && type.IsString()) discard = type.AsString() == "none";
        }
        var bytes = Body(body, headers);
        if (settings.UserAgent is { } agent && !headers.Exists(h => h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("User-Agent", agent));
        }
        HttpRequest request;
        try
        {
            request = new HttpRequest(method, target, headers, bytes) { Timeout = timeout };
        }
        catch (LoadTestInputException e)
        {
            throw new JavaScriptException(vu.Engine.Intrinsics.TypeError, e.Message);
        }
        if (plain)
        {
            if (_plain.Count >= CacheLimit) _plain.Clear();
            _plain[(method, urlText)] = request;
        }
        return new ScriptRequest(request, url, redirects, discard);
    }

    /// <summary>The target of a redirect's <c>Location</c>, relative to the request it answers.</summary>
    public HttpTarget? Redirect(HttpTarget from, string location) =>
        Uri.TryCreate(from.Uri, location, out var next) && (next.Scheme == Uri.UriSchemeHttp || next.Scheme == Uri.UriSchemeHttps)
            ? new HttpTarget { Uri = next }
            : null;

    private HttpTarget Target(string url)
    {
        if (_targets.TryGetValue(url, out var target)) return target;
        try
        {
            target = HttpTarget.Parse(url);
        }
        catch (LoadTestInputException e)
        {
            throw new JavaScriptException(vu.Engine.Intrinsics.TypeError, e.Message);
        }
        if (_targets.Count >= CacheLimit) _targets.Clear();
        _targets[url] = target;
        return target;
    }

    private TimeSpan? Timeout(JsValue value)
    {
        if (value.IsUndefined() || value.IsNull()) return null;
        if (value.IsNumber() && value.AsNumber() is var ms && ms > 0 && ms < 1e10) return TimeSpan.FromMilliseconds(ms);
        if (value.IsString() && DurationText.TryParse(value.AsString(), out var d) && d > TimeSpan.Zero) return d;
        throw new JavaScriptException(vu.Engine.Intrinsics.TypeError, $"params.timeout: '{TypeConverter.ToString(value)}' is not a duration (examples: '10s', 500)");
    }

    private ReadOnlyMemory<byte> Body(JsValue body, List<KeyValuePair<string, string>> headers)
    {
        if (IsAbsent(body)) return ReadOnlyMemory<byte>.Empty;
        if (body.IsString()) return Encoding.UTF8.GetBytes(body.AsString());
        if (body.IsArrayBuffer()) return body.AsArrayBuffer() ?? [];
        if (body.IsUint8Array()) return body.AsUint8Array();
        if (body is ObjectInstance form && !body.IsArray())
        {
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var key in form.GetOwnPropertyKeys(Types.String))
            {
                if (form.GetOwnProperty(key).Enumerable) fields.Add(new(key.ToString(), TypeConverter.ToString(form.Get(key))));
            }
            if (!headers.Exists(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(new("Content-Type", FormUrlEncoding.ContentType));
            }
            return Encoding.UTF8.GetBytes(FormUrlEncoding.Encode(fields));
        }
        return Encoding.UTF8.GetBytes(TypeConverter.ToString(body));
    }

    private static bool IsAbsent(JsValue value) => value.IsUndefined() || value.IsNull();
}
