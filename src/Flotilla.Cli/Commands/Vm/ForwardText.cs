using System.Globalization;

namespace Flotilla.Cli.Commands.Vm;

/// <summary><c>--forward 18080:80</c>: a host port on 127.0.0.1 to a guest port, checked before anything is sent.</summary>
internal static class ForwardText
{
    /// <returns>The forward as the API takes it: <c>HOSTPORT:GUESTPORT</c>.</returns>
    /// <exception cref="UserInputException">Not two ports 1–65535 joined by a colon.</exception>
    public static PortForward Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && Port(parts[0]) is { } host && Port(parts[1]) is { } guest)
        {
            return new PortForward(host, guest);
        }
        throw new UserInputException($"--forward: '{text}' is not HOSTPORT:GUESTPORT with ports 1-65535 (e.g. 18080:80)");
    }

    private static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
}
