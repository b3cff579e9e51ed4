# Tools/grpc/check_protos.py: proves that Quiver's .proto files (Sources/QuiverGRPC/Protos) say
# exactly what Milvus's protocol says, for everything they declare. The authority is the
# descriptors compiled into pymilvus (pymilvus.grpc_gen), which is what pymilvus puts on the wire.
#
#   python3 Tools/grpc/check_protos.py [--protoc protoc] [--protos Sources/QuiverGRPC/Protos]
#
# Needs protoc on PATH (or --protoc) and pymilvus installed in the Python that runs it
# (Tools/grpc/generate.sh makes a scratch virtualenv for that). It compiles our files with
# `protoc --descriptor_set_out`, loads both sides as FileDescriptorProtos and compares:
#   - every file we declare: its package;
#   - every message we declare (nested ones and map entries included): it exists in the same file
#     and package, and has exactly Milvus's fields (none missing, none extra), each with the same
#     name, number, type, type name, label, oneof and proto3 `optional`; the same oneofs;
#   - every enum we declare: exactly Milvus's values (name and number);
#   - every RPC we declare: it exists in Milvus's service, with the same request and reply types
#     and no streaming on either side where Milvus has none.
# Messages, enums and RPCs that we leave out are not differences (we serve a subset); fields left
# out of a message we do declare are, because a field number we lack drops data silently.
# Exit status 0 and "0 differences" when all agree; 1 with one line per difference otherwise.

import argparse
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2


def milvus_files():
    """Milvus's FileDescriptorProtos as compiled into pymilvus, by file name."""
    from pymilvus.grpc_gen import common_pb2, feder_pb2, milvus_pb2, msg_pb2, rg_pb2, schema_pb2

    files = {}
    for module in (common_pb2, schema_pb2, msg_pb2, feder_pb2, rg_pb2, milvus_pb2):
        proto = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(proto)
        files[proto.name] = proto
    return files


def our_files(protoc, proto_dir):
    """Our FileDescriptorProtos, compiled by protoc, by file name."""
    names = sorted(name for name in os.listdir(proto_dir) if name.endswith(".proto"))
    if not names:
        sys.exit(f"no .proto files in {proto_dir}")
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "quiver.pb")
        if subprocess.run([protoc, f"-I{proto_dir}", f"--descriptor_set_out={out}", *names]).returncode != 0:
            sys.exit(f"protoc could not compile the files in {proto_dir} (its messages are above)")
        with open(out, "rb") as handle:
            descriptor_set = descriptor_pb2.FileDescriptorSet.FromString(handle.read())
    return {proto.name: proto for proto in descriptor_set.file}


def index_messages(files):
    """Every message (nested and map entries included) and enum, by full name: (file name, proto)."""
    messages, enums = {}, {}

    def walk(file_name, prefix, message):
        name = f"{prefix}.{message.name}"
        messages[name] = (file_name, message)
        for nested in message.nested_type:
            walk(file_name, name, nested)
        for enum in message.enum_type:
            enums[f"{name}.{enum.name}"] = (file_name, enum)

    for file_name, proto in files.items():
        for message in proto.message_type:
            walk(file_name, proto.package, message)
        for enum in proto.enum_type:
            enums[f"{proto.package}.{enum.name}"] = (file_name, enum)
    return messages, enums


LABELS = {1: "optional", 2: "required", 3: "repeated"}
TYPES = {value: name[len("TYPE_"):].lower()
         for name, value in descriptor_pb2.FieldDescriptorProto.Type.items()}


def field_shape(message, field):
    """What must agree about one field, in words."""
    oneof = ""
    if field.HasField("oneof_index"):
        oneof = message.oneof_decl[field.oneof_index].name
    return {
        "number": field.number,
        "type": TYPES[field.type],
        "type_name": field.type_name,
        "label": LABELS[field.label],
        "oneof": oneof,
        "proto3_optional": field.proto3_optional,
    }


def compare(ours, theirs):
    differences = []
    our_messages, our_enums = index_messages(ours)
    their_messages, their_enums = index_messages(theirs)

    for file_name, proto in sorted(ours.items()):
        if file_name not in theirs:
            differences.append(f"file {file_name}: Milvus has no such file")
        elif proto.package != theirs[file_name].package:
            differences.append(f"file {file_name}: package {proto.package}, Milvus {theirs[file_name].package}")

    for name, (file_name, message) in sorted(our_messages.items()):
        if name not in their_messages:
            differences.append(f"message {name}: Milvus has no such message")
            continue
        their_file, their_message = their_messages[name]
        if their_file != file_name:
            differences.append(f"message {name}: declared in {file_name}, Milvus declares it in {their_file}")
        if message.options.map_entry != their_message.options.map_entry:
            differences.append(f"message {name}: map entry {message.options.map_entry}, Milvus {their_message.options.map_entry}")
        our_fields = {field.name: field_shape(message, field) for field in message.field}
        their_fields = {field.name: field_shape(their_message, field) for field in their_message.field}
        for field_name in sorted(set(our_fields) | set(their_fields)):
            if field_name not in their_fields:
                differences.append(f"field {name}.{field_name}: Milvus has no such field")
            elif field_name not in our_fields:
                shape = their_fields[field_name]
                differences.append(f"field {name}.{field_name}: missing (Milvus: number {shape['number']}, {shape['type']})")
            else:
                for key, value in our_fields[field_name].items():
                    if value != their_fields[field_name][key]:
                        differences.append(
                            f"field {name}.{field_name}: {key} {value!r}, Milvus {their_fields[field_name][key]!r}")
        our_oneofs = sorted(oneof.name for oneof in message.oneof_decl)
        their_oneofs = sorted(oneof.name for oneof in their_message.oneof_decl)
        if our_oneofs != their_oneofs:
            differences.append(f"message {name}: oneofs {our_oneofs}, Milvus {their_oneofs}")

    for name, (file_name, enum) in sorted(our_enums.items()):
        if name not in their_enums:
            differences.append(f"enum {name}: Milvus has no such enum")
            continue
        their_file, their_enum = their_enums[name]
        if their_file != file_name:
            differences.append(f"enum {name}: declared in {file_name}, Milvus declares it in {their_file}")
        our_values = [(value.name, value.number) for value in enum.value]
        their_values = [(value.name, value.number) for value in their_enum.value]
        for value in sorted(set(our_values) - set(their_values)):
            differences.append(f"enum {name}: value {value[0]} = {value[1]} is not Milvus's")
        for value in sorted(set(their_values) - set(our_values)):
            differences.append(f"enum {name}: missing value {value[0]} = {value[1]}")

    their_services = {f"{proto.package}.{service.name}": service
                      for proto in theirs.values() for service in proto.service}
    for proto in ours.values():
        for service in proto.service:
            service_name = f"{proto.package}.{service.name}"
            if service_name not in their_services:
                differences.append(f"service {service_name}: Milvus has no such service")
                continue
            their_methods = {method.name: method for method in their_services[service_name].method}
            for method in service.method:
                rpc = f"rpc {service_name}.{method.name}"
                if method.name not in their_methods:
                    differences.append(f"{rpc}: Milvus has no such RPC")
                    continue
                their_method = their_methods[method.name]
                for key in ("input_type", "output_type", "client_streaming", "server_streaming"):
                    if getattr(method, key) != getattr(their_method, key):
                        differences.append(f"{rpc}: {key} {getattr(method, key)!r}, Milvus {getattr(their_method, key)!r}")
    return differences


def main():
    parser = argparse.ArgumentParser(description="Compare Quiver's .proto files with pymilvus's descriptors.")
    parser.add_argument("--protoc", default="protoc")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--protos", default=os.path.join(here, "..", "..", "Sources", "QuiverGRPC", "Protos"))
    args = parser.parse_args()

    import pymilvus

    ours = our_files(args.protoc, args.protos)
    theirs = milvus_files()
    differences = compare(ours, theirs)

    our_messages, our_enums = index_messages(ours)
    methods = sum(len(service.method) for proto in ours.values() for service in proto.service)
    print(f"pymilvus {pymilvus.__version__}: checked {len(ours)} files, {len(our_messages)} messages "
          f"(map entries and nested included), {len(our_enums)} enums, {methods} RPCs")
    for difference in differences:
        print(difference)
    print(f"{len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
