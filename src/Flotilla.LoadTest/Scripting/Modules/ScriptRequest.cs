using Flotilla.LoadTest.Http;
using Jint.Native;

namespace Flotilla.LoadTest.Scripting.Modules;

/// <summary>One request a script asked for, ready to send: the request, its URL as the script gave it, and its params' settings.</summary>
internal readonly record struct ScriptRequest(HttpRequest Request, JsValue Url, int Redirects, bool DiscardBody);
