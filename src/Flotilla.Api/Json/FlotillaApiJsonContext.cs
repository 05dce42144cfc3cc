using System.Text.Json;
using System.Text.Json.Serialization;
using Flotilla.Api.Balancers;
using Flotilla.Api.Events;
using Flotilla.Api.Hosts;
using Flotilla.Api.Networks;
using Flotilla.Api.Operations;
using Flotilla.Api.Pools;
using Flotilla.Api.Problems;
using Flotilla.Api.Security;
using Flotilla.Api.Snapshots;
using Flotilla.Api.Stacks;
using Flotilla.Api.Stacks.Status;
using Flotilla.Api.Templates;
using Flotilla.Api.Vms;
using Flotilla.Core.Security;

namespace Flotilla.Api.Json;

/// <summary>
/// The API's JSON, source-generated: camelCase names and enums, forwards as <c>"18080:80"</c>, and what a client
/// sends leaves nulls out. The daemon resolves the same types through it under its own options (<c>ApiJson</c>),
/// which write nulls as they always have; a progress line's <c>type</c> may come anywhere in it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnumConverter), typeof(PortForwardConverter)], AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(VmView))]
[JsonSerializable(typeof(IReadOnlyList<VmView>))]
[JsonSerializable(typeof(HostView))]
[JsonSerializable(typeof(DaemonView))]
[JsonSerializable(typeof(CreateVmRequest))]
[JsonSerializable(typeof(AutostartRequest))]
[JsonSerializable(typeof(CloneVmRequest))]
[JsonSerializable(typeof(BalloonRequest))]
[JsonSerializable(typeof(CreateSnapshotRequest))]
[JsonSerializable(typeof(SnapshotView))]
[JsonSerializable(typeof(IReadOnlyList<SnapshotView>))]
[JsonSerializable(typeof(PoolView))]
[JsonSerializable(typeof(IReadOnlyList<PoolView>))]
[JsonSerializable(typeof(CreatePoolRequest))]
[JsonSerializable(typeof(TemplateView))]
[JsonSerializable(typeof(IReadOnlyList<TemplateView>))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(NetworkView))]
[JsonSerializable(typeof(IReadOnlyList<NetworkView>))]
[JsonSerializable(typeof(CreateNetworkRequest))]
[JsonSerializable(typeof(SecurityGroupView))]
[JsonSerializable(typeof(IReadOnlyList<SecurityGroupView>))]
[JsonSerializable(typeof(SecurityRuleText))]
[JsonSerializable(typeof(CreateSecurityGroupRequest))]
[JsonSerializable(typeof(AttachRequest))]
[JsonSerializable(typeof(StackSource))]
[JsonSerializable(typeof(StackPlanView))]
[JsonSerializable(typeof(StackProgress))]
[JsonSerializable(typeof(OperationView))]
[JsonSerializable(typeof(IReadOnlyList<OperationView>))]
[JsonSerializable(typeof(StackStatus))]
[JsonSerializable(typeof(IReadOnlyList<StackStatus>))]
[JsonSerializable(typeof(Balancer))]
[JsonSerializable(typeof(IReadOnlyList<Balancer>))]
[JsonSerializable(typeof(HostEvent))]
[JsonSerializable(typeof(IReadOnlyList<HostEvent>))]
public sealed partial class FlotillaApiJsonContext : JsonSerializerContext;
