using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Balancer.L7.Rules;

namespace Flotilla.Balancer.L7.Serving;

/// <summary>
/// A TLS listener's certificates, loaded from PEM, and the SNI choice among them: an exact host
/// name first, then the longest matching wildcard, else the first certificate (as nginx's default
/// server). Intermediates in the PEM file after the leaf are sent with it.
/// </summary>
internal sealed class CertificateSet : IDisposable
{
    private readonly List<(HostPattern Host, Entry Entry)> _byHost = [];
    private readonly List<Entry> _entries = [];

    private CertificateSet()
    {
    }

    /// <exception cref="System.Security.Cryptography.CryptographicException">A file no longer holds a certificate and key.</exception>
    /// <exception cref="IOException">A file can no longer be read.</exception>
    public static CertificateSet Load(RouterTlsConfig tls)
    {
        var set = new CertificateSet();
        try
        {
            foreach (var certificate in tls.Certificates)
            {
                var leaf = X509Certificate2.CreateFromPemFile(certificate.CertPath, certificate.KeyPath);
                var chain = new X509Certificate2Collection();
                chain.ImportFromPemFile(certificate.CertPath);
                var intermediates = new X509Certificate2Collection();
                foreach (var other in chain.Skip(1))
                {
                    intermediates.Add(other);
                }

                var entry = new Entry(leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true));
                set._entries.Add(entry);
                foreach (var host in certificate.Hosts)
                {
                    set._byHost.Add((HostPattern.Parse(host), entry));
                }
            }

            // Exact names before wildcards, longer wildcards before shorter.
            set._byHost.Sort((a, b) => a.Host.Wildcard != b.Host.Wildcard ? a.Host.Wildcard.CompareTo(b.Host.Wildcard) : b.Host.Suffix.Length.CompareTo(a.Host.Suffix.Length));
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    public X509Certificate2 CertificateFor(string? serverName) => Select(serverName).Certificate;

    public SslStreamCertificateContext ContextFor(string? serverName) => Select(serverName).Context;

    private Entry Select(string? serverName)
    {
        if (!string.IsNullOrEmpty(serverName))
        {
            foreach (var (host, entry) in _byHost)
            {
                if (host.Matches(serverName))
                {
                    return entry;
                }
            }
        }

        return _entries[0];
    }

    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Certificate.Dispose();
        }
    }

    private sealed record Entry(X509Certificate2 Certificate, SslStreamCertificateContext Context);
}
