using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Flotilla.Api.Json;
using Flotilla.Api.Problems;

namespace Flotilla.Client;

/// <summary>The exchange under every call: one request with its deadline, and each failure as one of the client's three exceptions.</summary>
public sealed partial class FlotillaApiClient
{
    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        using var response = await ExchangeAsync(method, path, content, cancellationToken, timeout).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, method, path, cancellationToken).ConfigureAwait(false);
        try
        {
            var value = JsonSerializer.Deserialize(json, type) ?? throw new JsonException("the body is null");
            return new ApiResponse<T>(value, json);
        }
        catch (JsonException e)
        {
            throw new ApiProtocolException($"flotillad at {Endpoint}: the answer to {method} /{path} is not a {typeof(T).Name} this flotilla understands: {e.Message}", e);
        }
    }

    /// <summary>One request; a non-success status becomes an <see cref="ApiProblemException"/>.</summary>
    private async Task<HttpResponseMessage> ExchangeAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        var limit = timeout ?? RequestTimeout;
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            throw Unreachable(socket, e);
        }
        catch (HttpRequestException e)
        {
            throw new ApiProtocolException($"lost the connection to flotillad at {Endpoint}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiProtocolException($"flotillad at {Endpoint} did not answer {method} /{path} within {limit.TotalSeconds:0} s", e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await ProblemAsync(response, $"{method} /{path}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ApiProtocolException($"lost the connection to flotillad at {Endpoint} while reading the answer to {method} /{path}: {e.Message}", e);
        }
    }

    private DaemonUnreachableException Unreachable(SocketException socket, HttpRequestException e) => socket.SocketErrorCode switch
    {
        SocketError.AccessDenied => new DaemonUnreachableException(
            $"cannot reach flotillad at {Endpoint}: permission denied (the socket is mode 0600: run flotilla as the user that runs flotillad)", e),
        _ => new DaemonUnreachableException(
            $"cannot reach flotillad at {Endpoint}: is it running? (start it with bin/flotillad --data-dir DIR)", e),
    };

    private async Task<ApiProblemException> ProblemAsync(HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ApiProblem? problem = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.TrimStart().StartsWith('{')) problem = JsonSerializer.Deserialize(body, FlotillaApiJsonContext.Default.ApiProblem);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException)
        {
            // Not a problem document (a proxy's page, a cut connection): the status alone still says what happened.
        }

        var detail = problem?.Detail ?? problem?.Title ?? $"flotillad at {Endpoint} answered {request} with {status} {response.ReasonPhrase}".TrimEnd();
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            detail += _hasToken
                ? " (the token was refused: it is in flotillad's DATA_DIR/api-token)"
                : " (give the token with --token or FLOTILLA_TOKEN: it is in flotillad's DATA_DIR/api-token)";
        }
        return new ApiProblemException(problem?.Type, status, detail);
    }

    private static SocketsHttpHandler CreateHandler(FlotillaEndpoint endpoint) => UnixSocketHandler.Create(endpoint.SocketPath);
}
