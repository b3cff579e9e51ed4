// FieldSchema: one field of a collection. Limits follow Milvus: a float vector has 2...32768
// dimensions, a binary vector a multiple of 8 up to 32768; VarChar maxLength is 1...65535 bytes;
// an Array holds at most 4096 elements. Its catalog JSON form is in FieldSchema+Codable.swift.

import QuiverKernels

public struct FieldSchema: Sendable, Hashable {
    public var name: String
    public var dataType: DataType
    public var isPrimaryKey: Bool
    /// Int64 primary keys only: Quiver assigns the keys and callers must not give them.
    public var autoID: Bool
    /// Vector fields: the number of dimensions (bits, for binary vectors).
    public var dimension: Int?
    /// VarChar fields, and Array fields of VarChar: the maximum length in UTF-8 bytes.
    public var maxLength: Int?
    /// Array fields: the element type and the most elements a row may hold.
    public var elementType: DataType?
    public var maxCapacity: Int?
    /// A nullable field accepts null or a missing value (stored as null unless a default is set).
    public var nullable: Bool
    /// Used when a row leaves the field out (or gives null, as Milvus does).
    public var defaultValue: FieldValue?
    /// Vector fields: the metric searches use unless they name another (and that indexes are built
    /// for). Defaults: L2 for float vectors, HAMMING for binary vectors.
    public var metric: Metric?
    public var description: String
    /// Rows are routed to one of the collection's hidden partitions by a hash of this field's
    /// value (Milvus's partition key; see PartitionKeyRouting). Int64 or VarChar, not the primary
    /// key, not nullable; at most one per schema.
    public var isPartitionKey: Bool

    public init(name: String, dataType: DataType, isPrimaryKey: Bool = false, autoID: Bool = false,
                dimension: Int? = nil, maxLength: Int? = nil, elementType: DataType? = nil,
                maxCapacity: Int? = nil, nullable: Bool = false, defaultValue: FieldValue? = nil,
                metric: Metric? = nil, description: String = "", isPartitionKey: Bool = false) {
        self.name = name
        self.dataType = dataType
        self.isPrimaryKey = isPrimaryKey
        self.autoID = autoID
        self.dimension = dimension
        self.maxLength = maxLength
        self.elementType = elementType
        self.maxCapacity = maxCapacity
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.metric = metric
        self.description = description
        self.isPartitionKey = isPartitionKey
    }

    public static func int64PrimaryKey(_ name: String = "id", autoID: Bool = false) -> FieldSchema {
        FieldSchema(name: name, dataType: .int64, isPrimaryKey: true, autoID: autoID)
    }

    public static func varCharPrimaryKey(_ name: String = "id", maxLength: Int) -> FieldSchema {
        FieldSchema(name: name, dataType: .varChar, isPrimaryKey: true, maxLength: maxLength)
    }

    public static func floatVector(_ name: String = "vector", dimension: Int, metric: Metric = .l2) -> FieldSchema {
        FieldSchema(name: name, dataType: .floatVector, dimension: dimension, metric: metric)
    }

    public static func binaryVector(_ name: String = "vector", dimension: Int, metric: Metric = .hamming) -> FieldSchema {
        FieldSchema(name: name, dataType: .binaryVector, dimension: dimension, metric: metric)
    }

    /// The metric a search on this vector field uses when it names none.
    public var effectiveMetric: Metric {
        metric ?? (dataType == .binaryVector ? .hamming : .l2)
    }

    /// Bytes per row of a binary vector field.
    var bytesPerBinaryVector: Int { (dimension ?? 0) / 8 }
}

// Limits shared by validation and documentation.
public enum SchemaLimits {
    public static let floatVectorDimensions = 2...32768
    public static let binaryVectorDimensions = 8...32768
    public static let varCharMaxLength = 1...65535
    public static let arrayMaxCapacity = 1...4096
    public static let fieldCount = 1...64
    public static let nameLength = 1...255
    /// Hidden partitions of a partition-key collection (Milvus caps partitions at 1024).
    public static let hashPartitionCount = 1...1024
}
