# The search controller: pure .NET (no torch). Build from the repository root:
#   docker build -f deploy/docker/controller.Dockerfile -t flexiffusion/controller .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Flexiffusion.Controller.Server/Flexiffusion.Controller.Server.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Listen on every interface inside the container: gRPC (h2c, or TLS with Endpoints__Certificate__Path) on 5100,
# Prometheus /metrics on 9100.
# 0.0.0.0 is not a loopback address, so the service starts only with authentication configured, e.g.
# FLEXIFFUSION_Auth__TokenFile=/run/secrets/... (compose secrets, a Kubernetes Secret; see deploy/README.md),
# or with FLEXIFFUSION_Endpoints__AllowInsecure=true on a network you trust.
ENV FLEXIFFUSION_Endpoints__Address=0.0.0.0 \
    FLEXIFFUSION_Endpoints__GrpcPort=5100 \
    FLEXIFFUSION_Endpoints__MetricsPort=9100
EXPOSE 5100 9100
ENTRYPOINT ["dotnet", "flexiffusion-controller.dll"]
