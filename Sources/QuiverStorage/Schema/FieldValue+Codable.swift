// FieldValue's JSON form for the catalog (default values): a one-key object naming the case,
// e.g. {"int":5}, {"string":"a"}, {"floatVector":[0.5,1]}.

extension FieldValue: Codable {
    private enum CodingKeys: String, CodingKey {
        case null, bool, int, float, double, string, json, array, floatVector, binaryVector
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty FieldValue"))
        }
        switch key {
        case .null: self = .null
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        case .int: self = .int(try container.decode(Int64.self, forKey: key))
        case .float: self = .float(try container.decode(Float.self, forKey: key))
        case .double: self = .double(try container.decode(Double.self, forKey: key))
        case .string: self = .string(try container.decode(String.self, forKey: key))
        case .json: self = .json(try container.decode(String.self, forKey: key))
        case .array: self = .array(try container.decode([FieldValue].self, forKey: key))
        case .floatVector: self = .floatVector(try container.decode([Float].self, forKey: key))
        case .binaryVector: self = .binaryVector(try container.decode([UInt8].self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .null: try container.encode(true, forKey: .null)
        case .bool(let v): try container.encode(v, forKey: .bool)
        case .int(let v): try container.encode(v, forKey: .int)
        case .float(let v): try container.encode(v, forKey: .float)
        case .double(let v): try container.encode(v, forKey: .double)
        case .string(let v): try container.encode(v, forKey: .string)
        case .json(let v): try container.encode(v, forKey: .json)
        case .array(let v): try container.encode(v, forKey: .array)
        case .floatVector(let v): try container.encode(v, forKey: .floatVector)
        case .binaryVector(let v): try container.encode(v, forKey: .binaryVector)
        }
    }
}
