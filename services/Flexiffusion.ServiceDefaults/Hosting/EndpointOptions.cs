using System.Net;

namespace Flexiffusion.ServiceDefaults.Hosting;

/// <summary>Where a service listens: gRPC over HTTP/2 cleartext, and Prometheus metrics over HTTP/1.1. Section <c>Endpoints</c>.</summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Endpoints";

    /// <summary>Address to bind. Default 127.0.0.1 (loopback); 0.0.0.0 in containers.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>gRPC port; 0 picks a free port.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Prometheus <c>/metrics</c> port; 0 picks a free port, −1 disables the endpoint.</summary>
    public int MetricsPort { get; set; } = -1;

    /// <summary>Checks the values at start-up.</summary>
    /// <exception cref="ArgumentException">A value is invalid; the message names it.</exception>
    public IPAddress Validate()
    {
        if (!IPAddress.TryParse(Address, out var address))
            throw new ArgumentException($"{Section}:{nameof(Address)}: '{Address}' is not an IP address", nameof(Address));
        if (GrpcPort is < 0 or > 65535)
            throw new ArgumentException($"{Section}:{nameof(GrpcPort)}: {GrpcPort} is not a port", nameof(GrpcPort));
        if (MetricsPort is < -1 or > 65535)
            throw new ArgumentException($"{Section}:{nameof(MetricsPort)}: {MetricsPort} is not a port (−1 disables metrics)", nameof(MetricsPort));
        return address;
    }
}
