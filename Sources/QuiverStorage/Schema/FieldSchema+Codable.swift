// FieldSchema's JSON form, as the catalog stores it inside a collection's schema_json.
// Invariants: keys are the property names; optional properties are left out when nil and
// `isPartitionKey` when false, so a schema written before partition keys existed decodes
// unchanged (the key is simply absent) and the JSON of every other schema stays byte for byte
// what older releases wrote. No catalog migration is needed for the flag.

import QuiverKernels

extension FieldSchema: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, dataType, isPrimaryKey, autoID, dimension, maxLength, elementType, maxCapacity
        case nullable, defaultValue, metric, description, isPartitionKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            dataType: try container.decode(DataType.self, forKey: .dataType),
            isPrimaryKey: try container.decode(Bool.self, forKey: .isPrimaryKey),
            autoID: try container.decode(Bool.self, forKey: .autoID),
            dimension: try container.decodeIfPresent(Int.self, forKey: .dimension),
            maxLength: try container.decodeIfPresent(Int.self, forKey: .maxLength),
            elementType: try container.decodeIfPresent(DataType.self, forKey: .elementType),
            maxCapacity: try container.decodeIfPresent(Int.self, forKey: .maxCapacity),
            nullable: try container.decode(Bool.self, forKey: .nullable),
            defaultValue: try container.decodeIfPresent(FieldValue.self, forKey: .defaultValue),
            metric: try container.decodeIfPresent(Metric.self, forKey: .metric),
            description: try container.decode(String.self, forKey: .description),
            isPartitionKey: try container.decodeIfPresent(Bool.self, forKey: .isPartitionKey) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(dataType, forKey: .dataType)
        try container.encode(isPrimaryKey, forKey: .isPrimaryKey)
        try container.encode(autoID, forKey: .autoID)
        try container.encodeIfPresent(dimension, forKey: .dimension)
        try container.encodeIfPresent(maxLength, forKey: .maxLength)
        try container.encodeIfPresent(elementType, forKey: .elementType)
        try container.encodeIfPresent(maxCapacity, forKey: .maxCapacity)
        try container.encode(nullable, forKey: .nullable)
        try container.encodeIfPresent(defaultValue, forKey: .defaultValue)
        try container.encodeIfPresent(metric, forKey: .metric)
        try container.encode(description, forKey: .description)
        if isPartitionKey { try container.encode(true, forKey: .isPartitionKey) }
    }
}
