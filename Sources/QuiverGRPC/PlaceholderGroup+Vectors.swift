// PlaceholderGroup built from query vectors, the way pymilvus packs a search's `placeholder_group`:
// one placeholder tagged "$0" whose values are one little-endian float32 row each. Hand-written
// beside the generated code so clients in this package (the benchmark, the torture tool, tests)
// build it one way.

import Foundation

extension Milvus_Proto_Common_PlaceholderGroup {
    /// The group of float query vectors, serialized as SearchRequest.placeholder_group takes it.
    package static func serialized(floatVectors vectors: [[Float]]) throws -> Data {
        var placeholder = Milvus_Proto_Common_PlaceholderValue()
        placeholder.tag = "$0"
        placeholder.type = .floatVector
        placeholder.values = vectors.map { vector in vector.withUnsafeBufferPointer { Data(buffer: $0) } }
        var group = Milvus_Proto_Common_PlaceholderGroup()
        group.placeholders = [placeholder]
        return try group.serializedBytes()
    }
}
