#!/usr/bin/env bash
# Tools/grpc/generate.sh: checks Quiver's Milvus .proto files against pymilvus and regenerates the
# Swift code of the QuiverGRPC target from them. Sources/QuiverGRPC/Protos holds the subset of
# Milvus's gRPC protocol Quiver serves (MilvusService RPCs and every message they reach, each whole),
# written by us from the wire and from pymilvus's compiled descriptors, with Milvus's names, field
# numbers and enum values exactly; Sources/QuiverGRPC/Generated holds what this script makes of
# them: SwiftProtobuf messages (*.pb.swift) and grpc-swift-2 server and client stubs
# (milvus.grpc.swift; the other .proto files declare no service, so they get none), all with
# `package` visibility. Both are committed; builds and CI never run this script. Run it after
# editing a .proto, from anywhere:
#
#   bash Tools/grpc/generate.sh
#
# Steps: (1) Tools/grpc/check_protos.py must report 0 differences against pymilvus's descriptors,
# else nothing is written; (2) protoc runs protoc-gen-swift and protoc-gen-grpc-swift-2 into a
# scratch folder; (3) the .swift files of Sources/QuiverGRPC/Generated are replaced by those.
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and Swift. Settings (environment):
#   PROTOC                  protoc to use (default: protoc on PATH)
#   PROTOC_GEN_SWIFT        a protoc-gen-swift binary (swift-protobuf 1.39.0)
#   PROTOC_GEN_GRPC_SWIFT   a protoc-gen-grpc-swift-2 binary (grpc-swift-protobuf 2.4.1)
#                           Without these two, both are built once (release, a few minutes) in a
#                           scratch SwiftPM package at ${TMPDIR:-/tmp}/quiver-protoc-plugins.
#   PYTHON                  a Python with pymilvus installed, for the checker. Without it a
#                           virtualenv with pymilvus==3.0.2 is made once at
#                           ${TMPDIR:-/tmp}/quiver-pymilvus-venv.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=${TMPDIR:-/tmp}
PROTOS="$ROOT/Sources/QuiverGRPC/Protos"
GENERATED="$ROOT/Sources/QuiverGRPC/Generated"
PROTOC=${PROTOC:-protoc}
SWIFT_PROTOBUF_VERSION=1.39.0
GRPC_SWIFT_PROTOBUF_VERSION=2.4.1
PYMILVUS_VERSION=3.0.2

command -v "$PROTOC" >/dev/null || { echo "no $PROTOC: apt-get install protobuf-compiler, or set PROTOC" >&2; exit 1; }

# The checker's Python.
if [ -z "${PYTHON:-}" ]; then
  VENV="$SCRATCH/quiver-pymilvus-venv"
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pymilvus" 2>/dev/null; then
    echo "making $VENV (pymilvus==$PYMILVUS_VERSION)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "pymilvus==$PYMILVUS_VERSION"
  fi
  PYTHON="$VENV/bin/python"
fi

# (1) The .proto files must agree with Milvus's before anything is generated from them.
"$PYTHON" "$ROOT/Tools/grpc/check_protos.py" --protoc "$PROTOC" --protos "$PROTOS"

# The code generators, built once unless given.
if [ -z "${PROTOC_GEN_SWIFT:-}" ] || [ -z "${PROTOC_GEN_GRPC_SWIFT:-}" ]; then
  PLUGINS="$SCRATCH/quiver-protoc-plugins"
  mkdir -p "$PLUGINS"
  cat > "$PLUGINS/Package.swift" <<EOF
// swift-tools-version: 6.1
// Scratch package made by Quiver's Tools/grpc/generate.sh: builds the protoc plugins only.
import PackageDescription
let package = Package(
    name: "quiver-protoc-plugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "$SWIFT_PROTOBUF_VERSION"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "$GRPC_SWIFT_PROTOBUF_VERSION"),
    ]
)
EOF
  if [ -z "${PROTOC_GEN_SWIFT:-}" ]; then
    (cd "$PLUGINS" && swift build -c release --product protoc-gen-swift >&2)
    PROTOC_GEN_SWIFT="$PLUGINS/.build/release/protoc-gen-swift"
  fi
  if [ -z "${PROTOC_GEN_GRPC_SWIFT:-}" ]; then
    (cd "$PLUGINS" && swift build -c release --product protoc-gen-grpc-swift-2 >&2)
    PROTOC_GEN_GRPC_SWIFT="$PLUGINS/.build/release/protoc-gen-grpc-swift-2"
  fi
fi

# (2) Generate into a scratch folder, so a failure leaves the committed files alone.
OUT=$(mktemp -d "$SCRATCH/quiver-grpc-generated.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
cd "$PROTOS"
"$PROTOC" -I. \
  --plugin=protoc-gen-swift="$PROTOC_GEN_SWIFT" \
  --swift_out="$OUT" \
  --swift_opt=Visibility=Package \
  --plugin=protoc-gen-grpc-swift-2="$PROTOC_GEN_GRPC_SWIFT" \
  --grpc-swift-2_out="$OUT" \
  --grpc-swift-2_opt=Visibility=Package,Server=true,Client=true \
  ./*.proto
# protoc-gen-grpc-swift-2 writes a .grpc.swift for every .proto; only milvus.proto has a service.
for file in "$OUT"/*.grpc.swift; do
  if ! grep -q "ServiceDescriptor" "$file"; then rm "$file"; fi
done

# (3) Replace the generated files (a .proto removed loses its .swift too).
mkdir -p "$GENERATED"
rm -f "$GENERATED"/*.swift
cp "$OUT"/*.swift "$GENERATED"/
echo "generated:" >&2
(cd "$GENERATED" && wc -c ./*.swift >&2)
