namespace Flotilla.Compute.Qemu.Qmp;

/// <summary>Talking QMP failed.</summary>
public class QmpException : Exception
{
    public QmpException(string message) : base(message) { }
    public QmpException(string message, Exception? inner) : base(message, inner) { }
}
