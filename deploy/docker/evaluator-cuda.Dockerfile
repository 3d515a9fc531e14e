# An evaluator on an NVIDIA GPU. TorchSharp-cuda is not on our package mirror, so the evaluator is
# published with -p:TorchBackend=system (managed TorchSharp only) onto an image that already holds a
# CUDA build of PyTorch, whose libtorch it loads through LD_LIBRARY_PATH (the recipe of
# shared/gpu/README.md, tested on an H100). TorchSharp 0.107 targets libtorch 2.10.
#   docker build -f deploy/docker/evaluator-cuda.Dockerfile -t flexiffusion/evaluator:cuda .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish services/Flexiffusion.Evaluator.Server/Flexiffusion.Evaluator.Server.csproj -c Release -o /app --nologo \
      -p:TorchBackend=system -r linux-x64 --self-contained true

FROM pytorch/pytorch:2.10.0-cuda12.8-cudnn9-runtime
WORKDIR /app
COPY --from=build /app .
COPY models ./models
RUN ln -s "$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')" /opt/libtorch
# gRPC on 5101, Prometheus /metrics on 9101.
# 0.0.0.0 is not a loopback address, so the service starts only with authentication configured, e.g.
# FLEXIFFUSION_Auth__TokenFile=/run/secrets/... (compose secrets, a Kubernetes Secret; see deploy/README.md),
# or with FLEXIFFUSION_Endpoints__AllowInsecure=true on a network you trust.
ENV LD_LIBRARY_PATH=/opt/libtorch \
    FLEXIFFUSION_Endpoints__Address=0.0.0.0 \
    FLEXIFFUSION_Endpoints__GrpcPort=5101 \
    FLEXIFFUSION_Endpoints__MetricsPort=9101
EXPOSE 5101 9101
ENTRYPOINT ["./flexiffusion-evaluator"]
