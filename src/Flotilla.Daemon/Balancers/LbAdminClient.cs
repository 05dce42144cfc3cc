using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Flotilla.Balancer.Contract.Status;

namespace Flotilla.Daemon.Balancers;

/// <summary>Reads flotilla-lb's admin API on loopback.</summary>
internal sealed class LbAdminClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The status, or null while nothing (or not yet a live config) answers on <paramref name="port"/>.</summary>
    public async Task<StatusReport?> StatusAsync(int port, CancellationToken ct)
    {
        try
        {
            return await _http.GetFromJsonAsync<StatusReport>(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/status"), Json, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
