namespace Flotilla.Api.Pools;

/// <summary>A pool's storage class, a label for people and placement (as cloud disk tiers): it changes no I/O path.</summary>
public enum PoolTier
{
    Gold,
    Silver,
    Bronze,
}
