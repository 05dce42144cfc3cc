using Flotilla.Core.Stacks;

namespace Flotilla.Core.Tests.Stacks;

/// <summary>Stack files for tests: seed 000's website, and ways to read and expand text.</summary>
internal static class StackYaml
{
    public const string Website = """
        name: website
        securityGroups:
          - name: web-nsg
            rules:
              - { name: allow-http, priority: 100, direction: inbound, access: allow, protocol: tcp, destinationPortRange: 80 }
              - { name: allow-ssh, priority: 110, direction: inbound, access: allow, protocol: tcp, destinationPortRange: 22 }
        networks:
          - { name: web, cidr: 10.0.1.0/24, mode: nat, securityGroup: web-nsg }
        vms:
          - name: web
            count: 3
            template: tiny-web
            memory: 128
            networks: [web]
            userData: |
              #!/bin/sh
              echo "Hello from VM ${index}" > /www/index.html
        loadBalancers:
          - name: web
            backendPools:
              - { name: web, members: ["web[*]"] }
            probes:
              - { name: tcp80, protocol: tcp, port: 80 }
            rules:
              - { name: http, frontendPort: 80, backendPort: 80, backendPool: web, probe: tcp80 }
        outputs:
          url: http://${loadBalancers.web.frontend}:80/
        """;

    public static StackFile Read(string yaml, Func<string, string>? readFile = null) =>
        StackFileReader.Parse(yaml.Replace("\r", "", StringComparison.Ordinal), "website.yaml", readFile);

    public static DesiredStack Expand(string yaml) => StackExpander.Expand(Read(yaml));

    /// <summary>The website with <c>count: 3</c> replaced.</summary>
    public static string WebsiteWithCount(int count) => Website.Replace("count: 3", $"count: {count}", StringComparison.Ordinal);

    /// <summary>The repository's root, found from the test binary's directory.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Flotilla.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no Flotilla.sln above " + AppContext.BaseDirectory);
    }
}
