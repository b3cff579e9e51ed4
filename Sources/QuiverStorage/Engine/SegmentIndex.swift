// SegmentIndex: the ANN index built for one vector field of one segment, float or binary.
// Immutable once built; shared by the writer's state and every Version that includes it.

import QuiverIndex

package enum SegmentIndex: Sendable {
    case float(any FloatVectorIndex)
    case binary(any BinaryVectorIndex)

    package var spec: IndexSpec {
        switch self {
        case .float(let index): index.spec
        case .binary(let index): index.spec
        }
    }

    package var count: Int {
        switch self {
        case .float(let index): index.count
        case .binary(let index): index.count
        }
    }

    func serialized() -> [UInt8] {
        switch self {
        case .float(let index): index.serialized()
        case .binary(let index): index.serialized()
        }
    }
}
