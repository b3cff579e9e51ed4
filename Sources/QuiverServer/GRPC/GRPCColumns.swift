// GRPCColumns: Milvus's columnar FieldData and the JSON rows REST speaks, both ways, so Insert,
// Upsert, Query and Search over gRPC run the REST handlers (one meaning per request).
// In (Insert/Upsert): one FieldData per field, each holding `num_rows` values; a nullable column
// holds only its non-null values, with `valid_data` saying which rows have one (compact, as
// pymilvus sends it); the dynamic column (`is_dynamic`, JSON) holds one object per row whose keys
// join the row; vectors are `dim` floats (or dim / 8 bytes) per row.
// Out (Query/Search): one column per schema field the rows carry, dense: a null is a placeholder
// value with `valid_data` false (pymilvus reads replies by row index); keys outside the schema go
// to one `$meta` JSON column marked `is_dynamic`.
// Errors name the field and the count that does not add up; values are never echoed.

import Foundation
import Quiver
import QuiverGRPC
import QuiverJSON
import QuiverMilvus

typealias FieldData = Milvus_Proto_Schema_FieldData

enum GRPCColumns {
    // MARK: In

    /// `rowCount` JSON row objects from the columns of an insert or upsert.
    static func rows(from columns: [FieldData], rowCount: Int, schema: CollectionSchema) throws(APIError) -> [JSONValue] {
        guard rowCount > 0 else { throw APIError(.insertDataInvalid, "num_rows is 0: the request holds no rows") }
        var rows = [JSONObject](repeating: JSONObject(), count: rowCount)
        for column in columns {
            let name = column.fieldName
            if column.isDynamic || name == CollectionSchema.dynamicFieldName {
                let objects = try jsonValues(column, rowCount: rowCount)
                for (row, value) in objects.enumerated() {
                    guard case .object(let object) = value else {
                        if value == .null { continue }
                        throw APIError(.insertDataInvalid, "row \(row), field '$meta': must be a JSON object, got \(value.kindName)")
                    }
                    for (key, element) in object.members where rows[row][key] == nil { rows[row][key] = element }
                }
                continue
            }
            let values = try self.values(column, rowCount: rowCount, schema: schema)
            for row in 0 ..< rowCount { rows[row][name] = values[row] }
        }
        return rows.map(JSONValue.object)
    }

    /// One value per row of a schema column (nulls where `valid_data` says so).
    static func values(_ column: FieldData, rowCount: Int, schema: CollectionSchema) throws(APIError) -> [JSONValue] {
        let name = column.fieldName
        let dense: [JSONValue]
        switch column.type {
        case .floatVector:
            let dimension = Int(column.vectors.dim)
            let floats = column.vectors.floatVector.data
            guard dimension > 0, floats.count % dimension == 0 else {
                throw APIError(.insertDataInvalid, "field '\(name.prefix(64))': \(floats.count) floats do not split into vectors of dim \(dimension)")
            }
            dense = stride(from: 0, to: floats.count, by: dimension).map { start in
                .array(floats[start ..< start + dimension].map(JSONValue.float))
            }
        case .binaryVector:
            let byteCount = Int(column.vectors.dim) / 8
            let bytes = [UInt8](column.vectors.binaryVector)
            guard byteCount > 0, bytes.count % byteCount == 0 else {
                throw APIError(.insertDataInvalid, "field '\(name.prefix(64))': \(bytes.count) bytes do not split into vectors of dim \(column.vectors.dim)")
            }
            dense = stride(from: 0, to: bytes.count, by: byteCount).map { start in
                .array(bytes[start ..< start + byteCount].map { .int(Int64($0)) })
            }
        case .array:
            let elementType = schema.field(named: name)?.elementType
            dense = column.scalars.arrayData.data.map { .array(scalarValues($0, elementType: elementType)) }
        case .json:
            return try jsonValues(column, rowCount: rowCount)
        default:
            dense = scalarValues(column.scalars, elementType: nil)
        }
        return try expand(dense, validity: column.validData, rowCount: rowCount, field: name)
    }

    /// The values of a scalar column (or of one Array cell), in order.
    static func scalarValues(_ scalars: Milvus_Proto_Schema_ScalarField, elementType: DataType?) -> [JSONValue] {
        switch scalars.data {
        case .boolData(let array)?: array.data.map(JSONValue.bool)
        case .intData(let array)?: array.data.map { .int(Int64($0)) }
        case .longData(let array)?: array.data.map(JSONValue.int)
        case .floatData(let array)?: array.data.map(JSONValue.float)
        case .doubleData(let array)?: array.data.map(JSONValue.double)
        case .stringData(let array)?: array.data.map(JSONValue.string)
        default: []
        }
    }

    /// A JSON column: one document per row (compact when nullable).
    static func jsonValues(_ column: FieldData, rowCount: Int) throws(APIError) -> [JSONValue] {
        var dense: [JSONValue] = []
        for (position, bytes) in column.scalars.jsonData.data.enumerated() {
            do {
                dense.append(try JSONParser.parse([UInt8](bytes), maxDepth: JSONParser.storedDocumentMaxDepth))
            } catch {
                throw APIError(.insertDataInvalid, "field '\(column.fieldName.prefix(64))' value \(position): invalid JSON (\(error.message))")
            }
        }
        return try expand(dense, validity: column.validData, rowCount: rowCount, field: column.fieldName)
    }

    /// Dense values with nulls put back where `validity` is false.
    static func expand(_ values: [JSONValue], validity: [Bool], rowCount: Int, field: String) throws(APIError) -> [JSONValue] {
        if validity.isEmpty {
            guard values.count == rowCount else {
                throw APIError(.insertDataInvalid, "field '\(field.prefix(64))' holds \(values.count) values for \(rowCount) rows")
            }
            return values
        }
        guard validity.count == rowCount else {
            throw APIError(.insertDataInvalid, "field '\(field.prefix(64))': valid_data has \(validity.count) flags for \(rowCount) rows")
        }
        let present = validity.lazy.filter { $0 }.count
        if values.count == rowCount { return zip(values, validity).map { $1 ? $0 : .null } }   // dense with flags
        guard values.count == present else {
            throw APIError(.insertDataInvalid, "field '\(field.prefix(64))' holds \(values.count) values for \(present) valid rows")
        }
        var iterator = values.makeIterator()
        return validity.map { $0 ? iterator.next()! : .null }
    }

    // MARK: Out

    /// Columns for JSON row objects (REST's query and search rows): one per schema field in
    /// `fields` (the engine fields of the output selection, so a reply with no rows still has its
    /// columns), in schema order, then `$meta` for the keys outside the schema.
    static func columns(of rows: [JSONObject], schema: CollectionSchema, fields: [String]) -> [FieldData] {
        var columns: [FieldData] = []
        let wanted = Set(fields)
        for field in schema.fields where wanted.contains(field.name) || rows.contains(where: { $0[field.name] != nil }) {
            columns.append(column(field, values: rows.map { $0[field.name] ?? .null }))
        }
        if schema.enableDynamicField {
            let dynamic = rows.map { row in
                var object = JSONObject()
                for (key, value) in row.members where schema.field(named: key) == nil { object[key] = value }
                return object
            }
            if dynamic.contains(where: { !$0.isEmpty }) {
                var column = FieldData()
                column.type = .json
                column.fieldName = CollectionSchema.dynamicFieldName
                column.isDynamic = true
                column.scalars.jsonData.data = dynamic.map { Data(JSONWriter.bytes(of: .object($0))) }
                columns.append(column)
            }
        }
        return columns
    }

    /// One dense column of `field`'s values (placeholders at nulls, flagged in `valid_data`).
    static func column(_ field: FieldSchema, values: [JSONValue]) -> FieldData {
        var column = FieldData()
        column.type = GRPCDataType.proto(field.dataType)
        column.fieldName = field.name
        if values.contains(.null) { column.validData = values.map { $0 != .null } }
        switch field.dataType {
        case .bool: column.scalars.boolData.data = values.map { if case .bool(let flag) = $0 { flag } else { false } }
        case .int8, .int16, .int32: column.scalars.intData.data = values.map { Int32(truncatingIfNeeded: integer($0)) }
        case .int64: column.scalars.longData.data = values.map(integer)
        case .float: column.scalars.floatData.data = values.map { Float($0.doubleValue ?? 0) }
        case .double: column.scalars.doubleData.data = values.map { $0.doubleValue ?? 0 }
        case .varChar: column.scalars.stringData.data = values.map { $0.stringValue ?? "" }
        case .json: column.scalars.jsonData.data = values.map { Data(JSONWriter.bytes(of: $0)) }
        case .array:
            column.scalars.arrayData.elementType = GRPCDataType.proto(field.elementType ?? .int64)
            let element = FieldSchema(name: field.name, dataType: field.elementType ?? .int64)
            column.scalars.arrayData.data = values.map { value in self.column(element, values: value.arrayValue ?? []).scalars }
        case .floatVector:
            column.vectors.dim = Int64(field.dimension ?? 0)
            column.vectors.floatVector.data = values.flatMap { ($0.arrayValue ?? []).map { Float($0.doubleValue ?? 0) } }
        case .binaryVector:
            column.vectors.dim = Int64(field.dimension ?? 0)
            column.vectors.binaryVector = Data(values.flatMap { ($0.arrayValue ?? []).map { UInt8(truncatingIfNeeded: integer($0)) } })
        }
        return column
    }

    private static func integer(_ value: JSONValue) -> Int64 {
        switch value {
        case .int(let number): number
        case .string(let text): Int64(text) ?? 0
        default: Int64(exactly: value.doubleValue ?? 0) ?? 0
        }
    }
}
