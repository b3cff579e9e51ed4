// WALRecord: one logged mutation. Every record carries its sequence number, so applying it twice
// is a no-op (see CollectionWriter.apply) and replay after a crash is idempotent.

import QuiverKernels

enum WALRecordType: UInt8, Sendable {
    case insert = 1
    case upsert = 2
    case delete = 3
    /// Insert / upsert into a partition other than `_default`: payload := partitionID i64 | batch.
    case insertIntoPartition = 4
    case upsertIntoPartition = 5
}

struct WALRecord: Sendable {
    enum Body: Sendable {
        case insert(RowBatch)
        case upsert(RowBatch)
        case delete([PrimaryKey])
    }

    let sequence: UInt64
    let body: Body

    var type: WALRecordType {
        switch body {
        case .insert(let batch): batch.partitionID == 0 ? .insert : .insertIntoPartition
        case .upsert(let batch): batch.partitionID == 0 ? .upsert : .upsertIntoPartition
        case .delete: .delete
        }
    }

    func encodePayload(schema: CollectionSchema) -> [UInt8] {
        var writer = ByteWriter(capacity: 256)
        switch body {
        case .insert(let batch), .upsert(let batch):
            if batch.partitionID != 0 { writer.writeInt64LE(batch.partitionID) }
            batch.encode(into: &writer, schema: schema)
        case .delete(let keys):
            writer.writeUInt32LE(UInt32(keys.count))
            for key in keys { writer.writeKey(key) }
        }
        return writer.bytes
    }

    private static func decodePartitioned(_ reader: inout ByteReader, schema: CollectionSchema) throws(CodecError) -> RowBatch {
        let partitionID: Int64
        do {
            partitionID = try reader.readInt64LE()
        } catch {
            throw CodecError("record too short for its partition id", offset: 0)
        }
        guard partitionID > 0 else { throw CodecError("partition id \(partitionID) in a partition record", offset: 0) }
        var batch = try RowBatch.decode(from: &reader, schema: schema)
        batch.partitionID = partitionID
        return batch
    }

    /// Decodes a payload; error offsets are relative to the payload's first byte.
    static func decode(type: UInt8, sequence: UInt64, payload: [UInt8],
                       schema: CollectionSchema) throws(CodecError) -> WALRecord {
        var reader = ByteReader(payload)
        let body: Body
        switch WALRecordType(rawValue: type) {
        case .insert: body = .insert(try RowBatch.decode(from: &reader, schema: schema))
        case .upsert: body = .upsert(try RowBatch.decode(from: &reader, schema: schema))
        case .insertIntoPartition: body = .insert(try decodePartitioned(&reader, schema: schema))
        case .upsertIntoPartition: body = .upsert(try decodePartitioned(&reader, schema: schema))
        case .delete:
            do {
                let count = Int(try reader.readUInt32LE())
                guard count <= reader.remaining else { throw CodecError("key count \(count) exceeds the record", offset: 0) }
                var keys: [PrimaryKey] = []
                keys.reserveCapacity(count)
                for _ in 0..<count { keys.append(try reader.readKey()) }
                body = .delete(keys)
            } catch let error as CodecError {
                throw error
            } catch {
                throw CodecError("delete record: \(error)", offset: reader.offset)
            }
        case nil:
            throw CodecError("unknown record type \(type)", offset: 0)
        }
        guard reader.isAtEnd else {
            throw CodecError("\(reader.remaining) bytes left over after the record", offset: reader.offset)
        }
        return WALRecord(sequence: sequence, body: body)
    }
}
