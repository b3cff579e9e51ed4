// RowValidator: turns caller rows into a RowBatch, or throws for the first bad row with an error
// naming the row, the field, the value and the limit. Nothing is partially built: callers apply a
// batch only after validation returned it whole.
// Rules: every schema field must be given unless it is nullable, has a default, or is an autoID
// key (which must then be absent); keys not in the schema go to `$meta` when the dynamic field is
// on and are errors otherwise; primary keys must be unique within the batch.

import QuiverJSON

enum RowValidator {
    /// - Parameter autoIDStart: for an autoID schema on insert, the first key to assign
    ///   (rows get autoIDStart, autoIDStart + 1, ...). nil means rows carry their own keys.
    static func batch(from rows: [Row], schema: CollectionSchema, autoIDStart: Int64?) throws(QuiverError) -> RowBatch {
        let keyField = schema.primaryKeyField
        var keys: [PrimaryKey] = []
        keys.reserveCapacity(rows.count)
        var floatVectors: [String: [Float]] = [:]
        var binaryVectors: [String: [UInt8]] = [:]
        var scalars: [String: [FieldValue]] = [:]
        for field in schema.vectorFields {
            if field.dataType == .floatVector {
                // Not reserved from rows.count x dimension: rows may not carry a vector at all,
                // and a large declared dimension times a batch of empty rows would allocate
                // gigabytes before the first row is checked.
                floatVectors[field.name] = []
            } else {
                binaryVectors[field.name] = []
            }
        }
        for field in schema.scalarFields { scalars[field.name] = [] }
        if schema.enableDynamicField { scalars[CollectionSchema.dynamicFieldName] = [] }

        var seenKeys = Set<PrimaryKey>()
        for (rowIndex, row) in rows.enumerated() {
            func fail(_ field: String, _ error: QuiverError) -> QuiverError {
                QuiverError(.invalidArgument, "row \(rowIndex), field '\(field)': \(error.message)")
            }
            // Primary key.
            let key: PrimaryKey
            if let start = autoIDStart {
                if row[keyField.name] != nil {
                    throw QuiverError(.invalidArgument, "row \(rowIndex), field '\(keyField.name)': the key is assigned automatically (autoID) and must not be given")
                }
                key = .int(start + Int64(rowIndex))
            } else {
                guard let given = row[keyField.name], given != .null else {
                    throw QuiverError(.invalidArgument, "row \(rowIndex), field '\(keyField.name)': the primary key is missing")
                }
                do {
                    let value = try FieldCoercion.coerce(given, to: keyField)
                    switch value {
                    case .int(let n): key = .int(n)
                    case .string(let s): key = .string(s)
                    default: preconditionFailure("coercion of a key gave \(value.kindName)")
                    }
                } catch {
                    throw fail(keyField.name, error)
                }
            }
            guard seenKeys.insert(key).inserted else {
                throw QuiverError(.invalidArgument, "row \(rowIndex), field '\(keyField.name)': primary key \(key) appears more than once in the batch")
            }
            keys.append(key)

            // Schema fields.
            for field in schema.fields where !field.isPrimaryKey {
                let given = row[field.name]
                let value: FieldValue
                if given == nil || given == .null {
                    if let fallback = field.defaultValue {
                        value = try FieldCoercion.coerce(fallback, to: field)
                    } else if field.nullable {
                        value = .null
                    } else {
                        throw QuiverError(.invalidArgument, "row \(rowIndex), field '\(field.name)': the field is missing and is neither nullable nor has a default")
                    }
                } else {
                    do {
                        value = try FieldCoercion.coerce(given!, to: field)
                    } catch {
                        throw fail(field.name, error)
                    }
                }
                switch value {
                case .floatVector(let vector): floatVectors[field.name]!.append(contentsOf: vector)
                case .binaryVector(let bytes): binaryVectors[field.name]!.append(contentsOf: bytes)
                default: scalars[field.name]!.append(value)
                }
            }

            // Keys outside the schema, gathered into one object; a key given on its own wins
            // over the same key inside a given `$meta` object.
            var dynamic = JSONObject()
            var metaObject = JSONObject()
            for (name, value) in row where schema.field(named: name) == nil {
                guard schema.enableDynamicField else {
                    throw QuiverError(.invalidArgument, "row \(rowIndex), field '\(name.prefix(64))': not in the schema, and the dynamic field is off")
                }
                if name == CollectionSchema.dynamicFieldName {
                    guard case .json(let text) = value,
                          case .object(let object)? = try? JSONParser.parse(text, maxDepth: JSONParser.storedDocumentMaxDepth) else {
                        throw QuiverError(.invalidArgument, "row \(rowIndex), field '$meta': must be a JSON object")
                    }
                    metaObject = object
                    continue
                }
                guard let json = value.jsonValue else {
                    throw QuiverError(.invalidArgument, "row \(rowIndex), field '\(name.prefix(64))': \(value.kindName) cannot be stored in the dynamic field")
                }
                dynamic[name] = json
            }
            for (key, value) in metaObject.members where dynamic[key] == nil { dynamic[key] = value }
            if schema.enableDynamicField {
                if dynamic.isEmpty {
                    scalars[CollectionSchema.dynamicFieldName]!.append(.null)
                } else {
                    let text = JSONWriter.string(of: .object(dynamic), sortingKeys: true)
                    guard text.utf8.count <= FieldCoercion.jsonMaxByteCount else {
                        throw QuiverError(.invalidArgument, "row \(rowIndex), field '$meta': \(text.utf8.count) bytes of dynamic fields exceed the limit of \(FieldCoercion.jsonMaxByteCount)")
                    }
                    scalars[CollectionSchema.dynamicFieldName]!.append(.json(text))
                }
            }
        }
        return RowBatch(keys: keys, floatVectors: floatVectors, binaryVectors: binaryVectors, scalars: scalars)
    }

    /// The fast path for a schema of a key and one float vector field: `vectors` holds
    /// count * dimension floats, row-major.
    static func batch(keys: [PrimaryKey], vectors: [Float], schema: CollectionSchema) throws(QuiverError) -> RowBatch {
        let vectorFields = schema.vectorFields
        guard vectorFields.count == 1, vectorFields[0].dataType == .floatVector,
              schema.scalarFields.allSatisfy({ $0.nullable || $0.defaultValue != nil }) else {
            throw QuiverError(.invalidArgument, "vectors-only insert needs a schema of a key and one float vector field (other fields nullable or defaulted); use rows")
        }
        let field = vectorFields[0]
        let dimension = field.dimension ?? 0
        guard vectors.count == keys.count * dimension else {
            throw QuiverError(.invalidArgument, "field '\(field.name)': \(vectors.count) floats do not make \(keys.count) vectors of dimension \(dimension)")
        }
        if let bad = vectors.firstIndex(where: { !$0.isFinite }) {
            throw QuiverError(.invalidArgument, "row \(bad / dimension), field '\(field.name)': vector element \(bad % dimension) is \(vectors[bad]); NaN and infinity are not allowed")
        }
        var seen = Set<PrimaryKey>()
        seen.reserveCapacity(keys.count)
        let keyIsString = schema.primaryKeyField.dataType == .varChar
        for (row, key) in keys.enumerated() {
            if case .string = key, !keyIsString {
                throw QuiverError(.invalidArgument, "row \(row), field '\(schema.primaryKeyField.name)': expected an Int64 key, got \(key)")
            }
            if case .int = key, keyIsString {
                throw QuiverError(.invalidArgument, "row \(row), field '\(schema.primaryKeyField.name)': expected a VarChar key, got \(key)")
            }
            if case .string(let s) = key, s.utf8.count > (schema.primaryKeyField.maxLength ?? 0) {
                throw QuiverError(.invalidArgument, "row \(row), field '\(schema.primaryKeyField.name)': key of \(s.utf8.count) bytes exceeds max_length \(schema.primaryKeyField.maxLength ?? 0)")
            }
            guard seen.insert(key).inserted else {
                throw QuiverError(.invalidArgument, "row \(row), field '\(schema.primaryKeyField.name)': primary key \(key) appears more than once in the batch")
            }
        }
        var scalars: [String: [FieldValue]] = [:]
        for field in schema.scalarFields {
            let fill = try field.defaultValue.map { (v: FieldValue) throws(QuiverError) in try FieldCoercion.coerce(v, to: field) } ?? .null
            scalars[field.name] = Array(repeating: fill, count: keys.count)
        }
        if schema.enableDynamicField { scalars[CollectionSchema.dynamicFieldName] = Array(repeating: .null, count: keys.count) }
        return RowBatch(keys: keys, floatVectors: [field.name: vectors], binaryVectors: [:], scalars: scalars)
    }
}
