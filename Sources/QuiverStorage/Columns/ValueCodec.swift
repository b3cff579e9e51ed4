// ValueCodec: the binary form of FieldValue and PrimaryKey, shared by WAL records and segment
// columns. Little-endian throughout.
//
//   value  := tag u8 payload
//   tag 0 null        payload: (none)
//   tag 1 bool        payload: u8 (0 or 1)
//   tag 2 int         payload: i64
//   tag 3 float       payload: f32
//   tag 4 double      payload: f64
//   tag 5 string      payload: len u32 | UTF-8 bytes
//   tag 6 json        payload: len u32 | UTF-8 bytes
//   tag 7 array       payload: count u32 | value*
//   tag 8 floatVector payload: count u32 | f32*
//   tag 9 binaryVector payload: len u32 | bytes
//   key    := kind u8 (0 int, 1 string) | i64 or (len u32 | UTF-8)
//
// Worked example: .array([.int(5), .null]) encodes as
//   07 | 02 00 00 00 | 02 | 05 00 00 00 00 00 00 00 | 00
// Decoding never traps: unknown tags, truncation and nesting deeper than 8 throw.

import QuiverKernels

enum ValueCodecError: Error, Sendable, CustomStringConvertible {
    case truncated(ByteReaderError)
    case unknownTag(UInt8, offset: Int)
    case tooDeep(offset: Int)

    var description: String {
        switch self {
        case .truncated(let error): "\(error)"
        case .unknownTag(let tag, let offset): "unknown value tag \(tag) at offset \(offset)"
        case .tooDeep(let offset): "values nested too deeply at offset \(offset)"
        }
    }
}

extension ByteWriter {
    mutating func writeValue(_ value: FieldValue) {
        switch value {
        case .null: writeUInt8(0)
        case .bool(let b): writeUInt8(1); writeUInt8(b ? 1 : 0)
        case .int(let n): writeUInt8(2); writeInt64LE(n)
        case .float(let f): writeUInt8(3); writeFloat32LE(f)
        case .double(let d): writeUInt8(4); writeFloat64LE(d)
        case .string(let s): writeUInt8(5); writeString(s)
        case .json(let s): writeUInt8(6); writeString(s)
        case .array(let values):
            writeUInt8(7); writeUInt32LE(UInt32(values.count))
            for element in values { writeValue(element) }
        case .floatVector(let v): writeUInt8(8); writeUInt32LE(UInt32(v.count)); writeFloats(v)
        case .binaryVector(let bytes): writeUInt8(9); writeLengthPrefixed(bytes)
        }
    }

    mutating func writeKey(_ key: PrimaryKey) {
        switch key {
        case .int(let n): writeUInt8(0); writeInt64LE(n)
        case .string(let s): writeUInt8(1); writeString(s)
        }
    }
}

extension ByteReader {
    mutating func readValue(depth: Int = 0) throws(ValueCodecError) -> FieldValue {
        do {
            let tagOffset = offset
            let tag = try readUInt8()
            switch tag {
            case 0: return .null
            case 1: return .bool(try readUInt8() != 0)
            case 2: return .int(try readInt64LE())
            case 3: return .float(try readFloat32LE())
            case 4: return .double(try readFloat64LE())
            case 5: return .string(try readString())
            case 6: return .json(try readString())
            case 7:
                guard depth < 8 else { throw ValueCodecError.tooDeep(offset: tagOffset) }
                let count = Int(try readUInt32LE())
                guard count <= remaining else { throw ValueCodecError.truncated(ByteReaderError(offset: offset, needed: count, available: remaining)) }
                var values: [FieldValue] = []
                values.reserveCapacity(count)
                for _ in 0..<count { values.append(try readValue(depth: depth + 1)) }
                return .array(values)
            case 8:
                let count = Int(try readUInt32LE())
                return .floatVector(try readFloats(count: count))
            case 9: return .binaryVector(try readLengthPrefixed())
            default: throw ValueCodecError.unknownTag(tag, offset: tagOffset)
            }
        } catch let error as ValueCodecError {
            throw error
        } catch let error as ByteReaderError {
            throw .truncated(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    mutating func readKey() throws(ValueCodecError) -> PrimaryKey {
        do {
            let kindOffset = offset
            switch try readUInt8() {
            case 0: return .int(try readInt64LE())
            case 1: return .string(try readString())
            case let tag: throw ValueCodecError.unknownTag(tag, offset: kindOffset)
            }
        } catch let error as ValueCodecError {
            throw error
        } catch let error as ByteReaderError {
            throw .truncated(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}
