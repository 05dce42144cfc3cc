using Flotilla.LoadTest.Http;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// The VU's side of <c>k6/http</c>: sends through the VU's <see cref="HttpSession"/>, follows
/// redirects as k6 does (each hop is a request of its own in the metrics), and hands back k6
/// Response objects. The first request of an open-model iteration is measured from the
/// iteration's intended start; every later one from its own send.
/// </summary>
internal sealed class ScriptHttpClient
{
    private readonly VuState _vu;
    private readonly ScriptRequestBuilder _builder;
    private readonly ClrFunction _json;

    public ScriptHttpClient(VuState vu)
    {
        _vu = vu;
        _builder = new ScriptRequestBuilder(vu);
        _json = new ClrFunction(vu.Engine, "json", Json, 1);
    }

    public JsValue Request(string method, JsValue url, JsValue body, JsValue parameters)
    {
        var session = SessionOrThrow();
        var request = _builder.Build(method, url, body, parameters);
        var (response, finalUrl) = Wait(SendAsync(session, request, _vu.TakeLatencyOrigin(), blocking: true));
        return ResponseObjects.Create(_vu.Engine, response, finalUrl, _json, request.DiscardBody);
    }

    /// <summary>
    /// k6's <c>http.batch</c>: an array of URLs, <c>[method, url, body, params]</c> arrays or
    /// <c>{ method, url, body, params }</c> objects (or an object of those, answered by name). The
    /// requests go out at once, up to the <c>batch</c> option in flight, each on a connection of
    /// its own from the VU's session; the responses come back in the order asked.
    /// </summary>
    public JsValue Batch(JsValue requests)
    {
        var session = SessionOrThrow();
        if (requests is not ObjectInstance all) throw new JavaScriptException(_vu.Engine.Intrinsics.TypeError, "http.batch() needs an array or an object of requests");
        var keys = requests.IsArray() ? null : all.GetOwnPropertyKeys(Types.String).Where(k => all.GetOwnProperty(k).Enumerable).ToList();
        var items = keys is null
            ? Enumerable.Range(0, (int)requests.AsArray().Length).Select(i => all.Get(i)).ToList()
            : keys.Select(k => all.Get(k)).ToList();
        var calls = items.Select(Describe).ToArray();
        var results = new (HttpResponse Response, JsValue Url)[calls.Length];
        Wait(SendAllAsync(session, calls, results, _vu.TakeLatencyOrigin()));
        var engine = _vu.Engine;
        if (keys is null)
        {
            return new JsArray(engine, results.Select((r, i) => (JsValue)ResponseObjects.Create(engine, r.Response, r.Url, _json, calls[i].DiscardBody)).ToArray());
        }
        var named = new JsObject(engine);
        for (var i = 0; i < keys.Count; i++) named.FastSetDataProperty(keys[i].ToString(), ResponseObjects.Create(engine, results[i].Response, results[i].Url, _json, calls[i].DiscardBody));
        return named;
    }

    private ScriptRequest Describe(JsValue item)
    {
        if (item.IsString()) return _builder.Build("GET", item, JsValue.Undefined, JsValue.Undefined);
        if (item.IsArray())
        {
            var a = item.AsArray();
            return _builder.Build(Method(a.Get(0)), a.Get(1), a.Get(2), a.Get(3));
        }
        if (item is ObjectInstance o)
        {
            return _builder.Build(o.Get("method") is var m && m.IsUndefined() ? "GET" : Method(m), o.Get("url"), o.Get("body"), o.Get("params"));
        }
        throw new JavaScriptException(_vu.Engine.Intrinsics.TypeError, $"http.batch(): '{TypeConverter.ToString(item)}' is not a request");
    }

    public static string Method(JsValue method) => TypeConverter.ToString(method).ToUpperInvariant();

    private async Task SendAllAsync(HttpSession session, ScriptRequest[] calls, (HttpResponse, JsValue)[] results, long? origin)
    {
        var next = -1;
        async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls.Length) results[i] = await SendAsync(session, calls[i], origin, blocking: false).ConfigureAwait(false);
        }
        var workers = new Task[Math.Min(_vu.Http.Batch, calls.Length)];
        for (var w = 0; w < workers.Length; w++) workers[w] = WorkAsync();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>Sends one request, following redirects (301/302/303 turn a POST into a GET without body, as Go's client does).</summary>
    /// <param name="blocking">One request on the VU's thread: blocking sockets (see <see cref="HttpSession.Send"/>); a batch's requests go in parallel, asynchronously.</param>
    private async ValueTask<(HttpResponse Response, JsValue Url)> SendAsync(HttpSession session, ScriptRequest call, long? origin, bool blocking)
    {
        var request = call.Request;
        var url = call.Url;
        var left = call.Redirects;
        while (true)
        {
            var response = blocking ? session.Send(request, origin, _vu.Token) : await session.SendAsync(request, origin, _vu.Token).ConfigureAwait(false);
            origin = null;
            if (left-- <= 0 || response.Status is not (301 or 302 or 303 or 307 or 308)
                || Location(response) is not { } location || _builder.Redirect(request.Target, location) is not { } target)
            {
                return (response, url);
            }
            var keepsBody = response.Status is 307 or 308 || request.Method is "GET" or "HEAD";
            var headers = keepsBody ? request.Headers : request.Headers.Where(h => !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)).ToList();
            request = new HttpRequest(keepsBody ? request.Method : "GET", target, headers, keepsBody ? request.Body : default) { Timeout = request.Timeout };
            url = new JsString(target.Uri.AbsoluteUri);
        }
    }

    private static string? Location(HttpResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            if (name.Equals("Location", StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    /// <summary>
    /// Blocks the VU's thread until the request is done. This is the one deliberate sync-over-async:
    /// k6's <c>http.get</c> returns the response, the script runs on its own dedicated thread (no
    /// thread-pool thread waits here) and the session completes on the I/O threads.
    /// </summary>
    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static void Wait(Task pending) => pending.GetAwaiter().GetResult();

    private HttpSession SessionOrThrow()
    {
        if (_vu.Session is { } session && _vu.InIteration) return session;
        throw new JavaScriptException(_vu.Engine.Intrinsics.Error, "making http requests in the init context is not supported");
    }

    /// <summary>Response.json(): the body parsed as JSON (k6's selector argument is not supported).</summary>
    private JsValue Json(JsValue self, JsValue[] args)
    {
        var engine = _vu.Engine;
        if (args.Length > 0 && !args[0].IsUndefined())
        {
            throw new JavaScriptException(engine.Intrinsics.Error, "response.json(selector) is not supported by flotilla loadtest; call json() and read the property");
        }
        var body = self is ObjectInstance response ? response.Get("body") : JsValue.Undefined;
        if (!body.IsString()) throw new JavaScriptException(engine.Intrinsics.Error, "the response has no body to parse as JSON");
        return new JsonParser(engine).Parse(body.AsString());
    }
}
