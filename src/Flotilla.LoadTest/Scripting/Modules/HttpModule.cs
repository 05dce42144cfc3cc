using Jint.Native;
using Jint.Runtime.Interop;
using Jint.Runtime.Modules;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>
/// The <c>k6/http</c> module: <c>get head post put patch del options request batch</c>, as named
/// exports and as the default export's methods (<c>import http from 'k6/http'</c>).
/// </summary>
internal static class HttpModule
{
    public const string Name = "k6/http";
    public static readonly IReadOnlyList<string> Exports = ["batch", "del", "get", "head", "options", "patch", "post", "put", "request"];

    public static void Build(ModuleBuilder module, VuState vu)
    {
        var client = new ScriptHttpClient(vu);
        static JsValue Arg(JsValue[] a, int i) => i < a.Length ? a[i] : JsValue.Undefined;
        var functions = new (string Name, Func<JsValue, JsValue[], JsValue> Body, int Length)[]
        {
            ("get", (_, a) => client.Request("GET", Arg(a, 0), JsValue.Undefined, Arg(a, 1)), 2),
            ("head", (_, a) => client.Request("HEAD", Arg(a, 0), JsValue.Undefined, Arg(a, 1)), 2),
            ("post", (_, a) => client.Request("POST", Arg(a, 0), Arg(a, 1), Arg(a, 2)), 3),
            ("put", (_, a) => client.Request("PUT", Arg(a, 0), Arg(a, 1), Arg(a, 2)), 3),
            ("patch", (_, a) => client.Request("PATCH", Arg(a, 0), Arg(a, 1), Arg(a, 2)), 3),
            ("del", (_, a) => client.Request("DELETE", Arg(a, 0), Arg(a, 1), Arg(a, 2)), 3),
            ("options", (_, a) => client.Request("OPTIONS", Arg(a, 0), Arg(a, 1), Arg(a, 2)), 3),
            ("request", (_, a) => client.Request(ScriptHttpClient.Method(Arg(a, 0)), Arg(a, 1), Arg(a, 2), Arg(a, 3)), 4),
            ("batch", (_, a) => client.Batch(Arg(a, 0)), 1),
        };
        var http = new JsObject(vu.Engine);
        foreach (var (name, body, length) in functions)
        {
            var function = new ClrFunction(vu.Engine, name, body, length);
            module.ExportValue(name, function);
            http.FastSetDataProperty(name, function);
        }
        module.ExportValue("default", http);
    }
}
