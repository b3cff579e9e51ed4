// The binary form of a RowBatch, used in WAL records (see WAL/WALFormat.md).
//
//   batch   := rowCount u32 | key{rowCount}
//              | floatCount u16 | (name str | dim u32 | f32{rowCount*dim}){floatCount}
//              | binaryCount u16 | (name str | bytesPerRow u32 | u8{rowCount*bytesPerRow}){binaryCount}
//              | scalarCount u16 | (name str | value{rowCount}){scalarCount}
//   str     := len u32 | UTF-8 bytes
//
// Decoding checks the batch against the schema (every column present with its width) and throws
// on any mismatch, so a record that decodes can be applied without further checks.

import QuiverKernels

extension RowBatch {
    func encode(into writer: inout ByteWriter, schema: CollectionSchema) {
        writer.writeUInt32LE(UInt32(rowCount))
        for key in keys { writer.writeKey(key) }
        let floatFields = schema.vectorFields.filter { $0.dataType == .floatVector }
        writer.writeUInt16LE(UInt16(floatFields.count))
        for field in floatFields {
            writer.writeString(field.name)
            writer.writeUInt32LE(UInt32(field.dimension ?? 0))
            writer.writeFloats(floatVectors[field.name]!)
        }
        let binaryFields = schema.vectorFields.filter { $0.dataType == .binaryVector }
        writer.writeUInt16LE(UInt16(binaryFields.count))
        for field in binaryFields {
            writer.writeString(field.name)
            writer.writeUInt32LE(UInt32(field.bytesPerBinaryVector))
            writer.writeBytes(binaryVectors[field.name]!)
        }
        let scalarNames = scalars.keys.sorted()
        writer.writeUInt16LE(UInt16(scalarNames.count))
        for name in scalarNames {
            writer.writeString(name)
            for value in scalars[name]! { writer.writeValue(value) }
        }
    }

    static func decode(from reader: inout ByteReader, schema: CollectionSchema) throws(CodecError) -> RowBatch {
        do {
            let rowCount = Int(try reader.readUInt32LE())
            guard rowCount <= reader.remaining else { throw CodecError("row count \(rowCount) exceeds the record", offset: reader.offset) }
            var keys: [PrimaryKey] = []
            keys.reserveCapacity(rowCount)
            for _ in 0..<rowCount { keys.append(try reader.readKey()) }
            var floats: [String: [Float]] = [:]
            for _ in 0..<Int(try reader.readUInt16LE()) {
                let nameOffset = reader.offset
                let name = try reader.readString()
                let dimension = Int(try reader.readUInt32LE())
                guard let field = schema.field(named: name), field.dataType == .floatVector, field.dimension == dimension else {
                    throw CodecError("float vector column '\(name.prefix(64))' of dimension \(dimension) does not match the schema", offset: nameOffset)
                }
                let (count, overflow) = rowCount.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw CodecError("vector column size overflows", offset: nameOffset) }
                guard floats[name] == nil else { throw CodecError("column '\(name.prefix(64))' appears twice", offset: nameOffset) }
                floats[name] = try reader.readFloats(count: count)
            }
            var binaries: [String: [UInt8]] = [:]
            for _ in 0..<Int(try reader.readUInt16LE()) {
                let nameOffset = reader.offset
                let name = try reader.readString()
                let width = Int(try reader.readUInt32LE())
                guard let field = schema.field(named: name), field.dataType == .binaryVector, field.bytesPerBinaryVector == width else {
                    throw CodecError("binary vector column '\(name.prefix(64))' does not match the schema", offset: nameOffset)
                }
                let (count, overflow) = rowCount.multipliedReportingOverflow(by: width)
                guard !overflow else { throw CodecError("vector column size overflows", offset: nameOffset) }
                guard binaries[name] == nil else { throw CodecError("column '\(name.prefix(64))' appears twice", offset: nameOffset) }
                binaries[name] = try reader.readBytes(count: count)
            }
            var scalars: [String: [FieldValue]] = [:]
            for _ in 0..<Int(try reader.readUInt16LE()) {
                let nameOffset = reader.offset
                let name = try reader.readString()
                guard name == CollectionSchema.dynamicFieldName ? schema.enableDynamicField
                        : (schema.field(named: name).map { !$0.isPrimaryKey && !$0.dataType.isVector } ?? false) else {
                    throw CodecError("scalar column '\(name.prefix(64))' is not in the schema", offset: nameOffset)
                }
                guard scalars[name] == nil else { throw CodecError("column '\(name.prefix(64))' appears twice", offset: nameOffset) }
                var values: [FieldValue] = []
                values.reserveCapacity(rowCount)
                for _ in 0..<rowCount { values.append(try reader.readValue()) }
                scalars[name] = values
            }
            let batch = RowBatch(keys: keys, floatVectors: floats, binaryVectors: binaries, scalars: scalars)
            try batch.checkComplete(schema: schema, offset: reader.offset)
            try batch.checkTypes(schema: schema, offset: reader.offset)
            return batch
        } catch let error as CodecError {
            throw error
        } catch let error as ValueCodecError {
            throw CodecError("\(error)", offset: reader.offset)
        } catch let error as ByteReaderError {
            throw CodecError("\(error)", offset: error.offset)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Every key and value must already be in its field's canonical form (what validation
    /// produced when the record was written); anything else is damage or a foreign writer.
    private func checkTypes(schema: CollectionSchema, offset: Int) throws(CodecError) {
        let keyIsString = schema.primaryKeyField.dataType == .varChar
        var seen = Set<PrimaryKey>()
        seen.reserveCapacity(keys.count)
        for key in keys {
            switch key {
            case .string where !keyIsString, .int where keyIsString:
                throw CodecError("key \(key) does not match the key type \(schema.primaryKeyField.dataType.rawValue)", offset: offset)
            default: break
            }
            guard seen.insert(key).inserted else { throw CodecError("key \(key) appears twice in one batch", offset: offset) }
        }
        for field in schema.scalarFields {
            for value in scalars[field.name]! where value != .null || !field.nullable {
                let canonical = try? FieldCoercion.coerce(value, to: field)
                guard canonical == value else {
                    throw CodecError("column '\(field.name)' holds \(value.kindName), not \(field.dataType.rawValue)", offset: offset)
                }
            }
        }
        if schema.enableDynamicField {
            for value in scalars[CollectionSchema.dynamicFieldName]! {
                switch value {
                case .null, .json: continue
                default: throw CodecError("column '$meta' holds \(value.kindName), not JSON", offset: offset)
                }
            }
        }
    }

    private func checkComplete(schema: CollectionSchema, offset: Int) throws(CodecError) {
        for field in schema.fields where !field.isPrimaryKey {
            let present = switch field.dataType {
            case .floatVector: floatVectors[field.name] != nil
            case .binaryVector: binaryVectors[field.name] != nil
            default: scalars[field.name] != nil
            }
            guard present else { throw CodecError("column '\(field.name)' is missing", offset: offset) }
        }
        if schema.enableDynamicField, scalars[CollectionSchema.dynamicFieldName] == nil {
            throw CodecError("column '$meta' is missing", offset: offset)
        }
    }
}

/// A decoding failure inside a record or block, with the absolute offset where it was found.
struct CodecError: Error, Sendable, CustomStringConvertible {
    let message: String
    let offset: Int
    init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    var description: String { "\(message) (offset \(offset))" }
}
