using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;
using Flotilla.LoadTest.Scripting.Modules;
using Jint;
using JintOptions = Jint.Options;

namespace Flotilla.LoadTest.Scripting.Runtime;

/// <summary>What every script VU of a run is made from: the prepared script, the shared engine options, and the run's sinks.</summary>
internal sealed record VuBlueprint(
    PreparedScript Script,
    JintOptions EngineOptions,
    ScriptHttpSettings Http,
    HttpSessionOptions SessionOptions,
    AddressResolver Resolver,
    LoadTestMetrics Metrics,
    TimeProvider Time,
    TextWriter Output,
    ScriptErrorLog Errors);
