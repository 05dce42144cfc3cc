using System.Text.Json;
using System.Text.Json.Serialization;
using Flotilla.Api;

namespace Flotilla.Cli.Api;

/// <summary>Source-generated JSON for the API's shapes: camelCase, nulls left out of requests.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Vm))]
[JsonSerializable(typeof(IReadOnlyList<Vm>))]
[JsonSerializable(typeof(Host))]
[JsonSerializable(typeof(Daemon))]
[JsonSerializable(typeof(CreateVmRequest))]
[JsonSerializable(typeof(AutostartRequest))]
[JsonSerializable(typeof(CloneVmRequest))]
[JsonSerializable(typeof(BalloonRequest))]
[JsonSerializable(typeof(CreateSnapshotRequest))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(IReadOnlyList<Snapshot>))]
[JsonSerializable(typeof(Pool))]
[JsonSerializable(typeof(IReadOnlyList<Pool>))]
[JsonSerializable(typeof(CreatePoolRequest))]
[JsonSerializable(typeof(Template))]
[JsonSerializable(typeof(IReadOnlyList<Template>))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(Network))]
[JsonSerializable(typeof(IReadOnlyList<Network>))]
[JsonSerializable(typeof(CreateNetworkRequest))]
[JsonSerializable(typeof(SecurityGroup))]
[JsonSerializable(typeof(IReadOnlyList<SecurityGroup>))]
[JsonSerializable(typeof(SecurityRule))]
[JsonSerializable(typeof(CreateSecurityGroupRequest))]
[JsonSerializable(typeof(AttachRequest))]
[JsonSerializable(typeof(StackSource))]
[JsonSerializable(typeof(StackPlanView))]
[JsonSerializable(typeof(StackProgress))]
[JsonSerializable(typeof(StackStatus))]
[JsonSerializable(typeof(IReadOnlyList<StackStatus>))]
[JsonSerializable(typeof(Balancer))]
[JsonSerializable(typeof(IReadOnlyList<Balancer>))]
[JsonSerializable(typeof(HostEvent))]
[JsonSerializable(typeof(IReadOnlyList<HostEvent>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
