// Schema validation: run once when a collection is created. Every error names the field, the
// value at fault and the limit, and nothing is created when one is found.

import QuiverKernels

extension CollectionSchema {
    public func validate() throws(QuiverError) {
        guard SchemaLimits.fieldCount.contains(fields.count) else {
            throw QuiverError(.invalidArgument, "schema has \(fields.count) fields; allowed \(SchemaLimits.fieldCount)")
        }
        var seen = Set<String>()
        for field in fields {
            try Self.validateName(field.name, what: "field name")
            guard seen.insert(field.name).inserted else {
                throw QuiverError(.invalidArgument, "field name '\(field.name)' appears twice in the schema")
            }
            try validate(field)
        }
        let keys = fields.filter(\.isPrimaryKey)
        guard keys.count == 1 else {
            throw QuiverError(.invalidArgument, "schema must have exactly one primary key field, has \(keys.count)")
        }
        guard !vectorFields.isEmpty else {
            throw QuiverError(.invalidArgument, "schema must have at least one vector field")
        }
        try validatePartitionKey()
    }

    /// Milvus's rules: at most one partition-key field, Int64 or VarChar, not the primary key,
    /// not nullable (every row must hash somewhere); num_partitions in 1...1024 and only with one.
    private func validatePartitionKey() throws(QuiverError) {
        let keyFields = fields.filter(\.isPartitionKey)
        guard keyFields.count <= 1 else {
            throw QuiverError(.invalidArgument, "fields \(keyFields.map { "'\($0.name)'" }.joined(separator: ", ")) are all marked isPartitionKey; at most 1 partition-key field is allowed")
        }
        guard let field = keyFields.first else {
            if let count = hashPartitionCount {
                throw QuiverError(.invalidArgument, "partitionsNum is \(count), but no field is a partition key; partitionsNum applies only with an isPartitionKey field")
            }
            return
        }
        guard field.dataType == .int64 || field.dataType == .varChar else {
            throw QuiverError(.invalidArgument, "partition key field '\(field.name)' has type \(field.dataType.rawValue); allowed Int64 or VarChar")
        }
        guard !field.isPrimaryKey else {
            throw QuiverError(.invalidArgument, "field '\(field.name)' cannot be both the primary key and the partition key")
        }
        guard !field.nullable else {
            throw QuiverError(.invalidArgument, "partition key field '\(field.name)' cannot be nullable")
        }
        if let count = hashPartitionCount, !SchemaLimits.hashPartitionCount.contains(count) {
            throw QuiverError(.invalidArgument, "partitionsNum is \(count); allowed \(SchemaLimits.hashPartitionCount.lowerBound)...\(SchemaLimits.hashPartitionCount.upperBound)")
        }
    }

    /// Names of collections and fields: `[A-Za-z_][A-Za-z0-9_]*`, 1...255 characters.
    public static func validateName(_ name: String, what: String) throws(QuiverError) {
        guard SchemaLimits.nameLength.contains(name.utf8.count) else {
            throw QuiverError(.invalidArgument, "\(what) must be \(SchemaLimits.nameLength.lowerBound)...\(SchemaLimits.nameLength.upperBound) characters, got \(name.utf8.count)")
        }
        let bytes = Array(name.utf8)
        func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        guard isLetter(bytes[0]), bytes.allSatisfy({ isLetter($0) || isDigit($0) }) else {
            throw QuiverError(.invalidArgument, "\(what) '\(name.prefix(64))' is not of the form [A-Za-z_][A-Za-z0-9_]*")
        }
    }

    private func validate(_ field: FieldSchema) throws(QuiverError) {
        let name = field.name
        if field.isPrimaryKey {
            guard field.dataType == .int64 || field.dataType == .varChar else {
                throw QuiverError(.invalidArgument, "primary key field '\(name)' has type \(field.dataType.rawValue); allowed Int64 or VarChar")
            }
            guard !field.nullable, field.defaultValue == nil else {
                throw QuiverError(.invalidArgument, "primary key field '\(name)' cannot be nullable or have a default value")
            }
        }
        if field.autoID {
            guard field.isPrimaryKey, field.dataType == .int64 else {
                throw QuiverError(.invalidArgument, "field '\(name)': autoID is allowed only on an Int64 primary key")
            }
        }
        switch field.dataType {
        case .floatVector:
            guard let dim = field.dimension, SchemaLimits.floatVectorDimensions.contains(dim) else {
                throw QuiverError(.invalidArgument, "field '\(name)': FloatVector dim \(field.dimension.map(String.init) ?? "missing") outside \(SchemaLimits.floatVectorDimensions)")
            }
            if let metric = field.metric, metric.isForBinaryVectors {
                throw QuiverError(.invalidArgument, "field '\(name)': metric \(metric.rawValue) applies to binary vectors, not FloatVector")
            }
        case .binaryVector:
            guard let dim = field.dimension, SchemaLimits.binaryVectorDimensions.contains(dim), dim % 8 == 0 else {
                throw QuiverError(.invalidArgument, "field '\(name)': BinaryVector dim \(field.dimension.map(String.init) ?? "missing") must be a multiple of 8 in \(SchemaLimits.binaryVectorDimensions)")
            }
            if let metric = field.metric, !metric.isForBinaryVectors {
                throw QuiverError(.invalidArgument, "field '\(name)': metric \(metric.rawValue) applies to float vectors, not BinaryVector")
            }
        case .varChar:
            guard let length = field.maxLength, SchemaLimits.varCharMaxLength.contains(length) else {
                throw QuiverError(.invalidArgument, "field '\(name)': VarChar max_length \(field.maxLength.map(String.init) ?? "missing") outside \(SchemaLimits.varCharMaxLength)")
            }
        case .array:
            guard let element = field.elementType, element.isArrayElementType else {
                throw QuiverError(.invalidArgument, "field '\(name)': Array element type \(field.elementType?.rawValue ?? "missing") must be a scalar type other than JSON")
            }
            guard let capacity = field.maxCapacity, SchemaLimits.arrayMaxCapacity.contains(capacity) else {
                throw QuiverError(.invalidArgument, "field '\(name)': Array max_capacity \(field.maxCapacity.map(String.init) ?? "missing") outside \(SchemaLimits.arrayMaxCapacity)")
            }
            if element == .varChar {
                guard let length = field.maxLength, SchemaLimits.varCharMaxLength.contains(length) else {
                    throw QuiverError(.invalidArgument, "field '\(name)': Array of VarChar needs max_length in \(SchemaLimits.varCharMaxLength)")
                }
            }
        default:
            break
        }
        if field.dataType.isVector {
            guard !field.nullable, field.defaultValue == nil else {
                throw QuiverError(.invalidArgument, "vector field '\(name)' cannot be nullable or have a default value")
            }
        }
        if let value = field.defaultValue {
            do {
                _ = try FieldCoercion.coerce(value, to: field)
            } catch {
                throw QuiverError(.invalidArgument, "field '\(name)': default value \(value) does not fit: \(error.message)")
            }
        }
    }
}
