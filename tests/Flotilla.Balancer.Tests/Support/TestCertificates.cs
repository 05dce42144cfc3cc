using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Flotilla.Balancer.Tests.Support;

/// <summary>Self-signed certificates for test host names, written as PEM certificate and key files.</summary>
public static class TestCertificates
{
    /// <summary>Writes <c>{name}.crt</c> and <c>{name}.key</c> into <paramref name="directory"/>; returns the paths and the thumbprint.</summary>
    public static (string Cert, string Key, string Thumbprint) Write(TempDirectory directory, string name, params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var cert = directory.Write($"{name}.crt", certificate.ExportCertificatePem());
        var keyPath = directory.Write($"{name}.key", key.ExportPkcs8PrivateKeyPem());
        return (cert, keyPath, certificate.Thumbprint);
    }
}
