// GRPCDataType: Milvus's protobuf DataType enum and Quiver's DataType, both ways. The names are
// the ones REST uses ("Int64", "FloatVector"), so a gRPC schema is translated into the REST
// schema body and read by the same code (CollectionCreateRequest).

import Quiver
import QuiverGRPC

typealias ProtoDataType = Milvus_Proto_Schema_DataType

enum GRPCDataType {
    /// The Milvus type name REST uses for a protobuf type; nil for `none`.
    static func name(of type: ProtoDataType) -> String? {
        switch type {
        case .none: nil
        case .bool: "Bool"
        case .int8: "Int8"
        case .int16: "Int16"
        case .int32: "Int32"
        case .int64: "Int64"
        case .float: "Float"
        case .double: "Double"
        case .string: "String"
        case .varChar: "VarChar"
        case .array: "Array"
        case .json: "JSON"
        case .geometry: "Geometry"
        case .text: "Text"
        case .timestamptz: "Timestamptz"
        case .mol: "Mol"
        case .date: "Date"
        case .time: "Time"
        case .decimal: "Decimal"
        case .binaryVector: "BinaryVector"
        case .floatVector: "FloatVector"
        case .float16Vector: "Float16Vector"
        case .bfloat16Vector: "BFloat16Vector"
        case .sparseFloatVector: "SparseFloatVector"
        case .int8Vector: "Int8Vector"
        case .arrayOfVector: "ArrayOfVector"
        case .arrayOfStruct: "ArrayOfStruct"
        case .struct: "Struct"
        case .UNRECOGNIZED(let value): "DataType(\(value))"
        }
    }

    /// The protobuf type of a Quiver type.
    static func proto(_ type: DataType) -> ProtoDataType {
        switch type {
        case .bool: .bool
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .float: .float
        case .double: .double
        case .varChar: .varChar
        case .json: .json
        case .array: .array
        case .floatVector: .floatVector
        case .binaryVector: .binaryVector
        }
    }
}
