namespace Flotilla.Store;

public enum StoreEventKind
{
    Put,
    Delete,
}
