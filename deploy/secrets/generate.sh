#!/usr/bin/env sh
# Creates the secrets the shipped deployments read (docker compose and Kubernetes), once: random 256-bit
# tokens and a Redis password, readable by their owner only. Existing files are kept (delete one to rotate it).
set -eu
cd "$(dirname "$0")"
umask 077
for name in token evaluator-token redis-password; do
  if [ ! -s "$name" ]; then
    openssl rand -hex 32 > "$name"
    echo "created deploy/secrets/$name"
  fi
done
