#!/usr/bin/env bash
# Checks the gRPC contract: buf lint (Google's API rules, buf.yaml), buf breaking against the frozen v1 image
# (api-v1.binpb: a change that breaks a generated client fails), and a compile with Debian bookworm's protoc (3.21)
# when it is installed. Installs buf from npm (@bufbuild/buf, pinned in package.json) on first use.
#   ./protos/check.sh            check
#   ./protos/check.sh --freeze   re-freeze the image after an intended, versioned change (e.g. a new v2 package)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ ! -x node_modules/.bin/buf ]; then
  npm ci --silent --no-audit --no-fund
fi
buf=node_modules/.bin/buf
if [ "${1:-}" = "--freeze" ]; then
  "$buf" build -o api-v1.binpb
  echo "froze the contract into protos/api-v1.binpb"
  exit 0
fi
"$buf" lint
"$buf" breaking --against api-v1.binpb
echo "buf: lint and breaking-change checks passed"
if command -v protoc >/dev/null 2>&1; then
  include=/usr/include
  [ -f "$include/google/protobuf/empty.proto" ] || { echo "protoc: $include/google/protobuf/*.proto missing (apt-get install libprotobuf-dev)" >&2; exit 1; }
  protoc -I . -I "$include" --include_imports -o /dev/null $(find flexiffusion -name '*.proto' | sort)
  echo "protoc $(protoc --version | cut -d' ' -f2): the contract compiles"
elif [ "${CI:-}" = "true" ]; then
  echo "protoc not installed (apt-get install protobuf-compiler libprotobuf-dev); CI needs the compile check" >&2
  exit 1
else
  echo "protoc not installed: skipped the compile with the system protoc" >&2
fi
