// flotillad drives QEMU, setsid and UNIX sockets: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
