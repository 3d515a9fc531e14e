# An evaluator on CPU: TorchSharp-cpu (bundled libtorch), tcmalloc preloaded, the shipped models.
#   docker build -f deploy/docker/evaluator-cpu.Dockerfile -t flexiffusion/evaluator:cpu .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Flexiffusion.Evaluator.Server/Flexiffusion.Evaluator.Server.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libtcmalloc-minimal4 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY models ./models
# gRPC on 5101, Prometheus /metrics on 9101.
# 0.0.0.0 is not a loopback address, so the service starts only with authentication configured, e.g.
# FLEXIFFUSION_Auth__TokenFile=/run/secrets/... (compose secrets, a Kubernetes Secret; see deploy/README.md),
# or with FLEXIFFUSION_Endpoints__AllowInsecure=true on a network you trust.
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
    FLEXIFFUSION_Endpoints__Address=0.0.0.0 \
    FLEXIFFUSION_Endpoints__GrpcPort=5101 \
    FLEXIFFUSION_Endpoints__MetricsPort=9101
EXPOSE 5101 9101
ENTRYPOINT ["dotnet", "flexiffusion-evaluator.dll"]
