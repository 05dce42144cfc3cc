using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace Flotilla.LoadTest.Scripting.Options;

/// <summary>
/// Turns the script's exported <c>options</c> into plain .NET values, read once in the init context:
/// objects become <see cref="OrderedDictionary{TKey,TValue}"/> (key order kept, as k6 keeps scenario
/// order), arrays <see cref="List{T}"/>, numbers <see cref="double"/>, and functions
/// <see cref="PlainFunction"/>. The result outlives the engine that made it and can be built by hand in tests.
/// </summary>
internal static class PlainValues
{
    private const int MaxDepth = 32;

    /// <exception cref="LoadTestInputException">A cycle, or nesting deeper than options ever need.</exception>
    public static object? From(JsValue value, string path) => Convert(value, path, 0);

    /// <summary>How a value is described in an error: <c>a number</c>, <c>a string ('10')</c>.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        bool b => $"a boolean ({(b ? "true" : "false")})",
        double d => $"a number ({d.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
        string s => $"a string ('{(s.Length > 40 ? s[..40] + "…" : s)}')",
        List<object?> => "an array",
        OrderedDictionary<string, object?> => "an object",
        PlainFunction => "a function",
        _ => value.GetType().Name,
    };

    private static object? Convert(JsValue value, string path, int depth)
    {
        if (depth > MaxDepth) throw new LoadTestInputException($"{path}: nested too deeply (or refers to itself)");
        if (value.IsNull() || value.IsUndefined()) return null;
        if (value.IsBoolean()) return value.AsBoolean();
        if (value.IsNumber()) return value.AsNumber();
        if (value.IsString()) return value.AsString();
        if (value.IsCallable()) return PlainFunction.Instance;
        if (value.IsArray())
        {
            var array = value.AsArray();
            var list = new List<object?>((int)array.Length);
            for (uint i = 0; i < array.Length; i++) list.Add(Convert(array.Get(i), $"{path}[{i}]", depth + 1));
            return list;
        }
        if (value is ObjectInstance obj)
        {
            var map = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var key in obj.GetOwnPropertyKeys(Jint.Runtime.Types.String))
            {
                var name = key.ToString();
                if (obj.GetOwnProperty(key).Enumerable) map[name] = Convert(obj.Get(key), $"{path}.{name}", depth + 1);
            }
            return map;
        }
        return value.ToString();
    }
}
