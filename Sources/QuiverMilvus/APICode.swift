// APICode: the Milvus RESTful v2 error codes Quiver answers with (the numbers Milvus's own REST
// server uses), each with Milvus's base message. A failure's message reads "<base message>: <detail>".
// Invariant: raw values never change; clients match on them.

package enum APICode: Int, Sendable, CaseIterable {
    case success = 0
    case notReady = 1
    case internalError = 5
    case unimplemented = 10
    case collectionNotFound = 100
    case collectionNotLoaded = 101
    case illegalSchema = 105
    case partitionNotFound = 200
    case partitionNotLoaded = 201
    case indexNotFound = 700
    case indexTypeNotSupported = 701
    case indexDuplicate = 702
    case invalidParameter = 1100
    case missingParameter = 1101
    case parameterTooLarge = 1102
    case aliasNotFound = 1600
    case aliasConflictsWithCollection = 1601
    case aliasExists = 1602
    case fieldNotFound = 1700
    case notAuthenticated = 1800
    case bodyIsNotJSON = 1801
    case missingRequiredParameter = 1802
    case insertDataInvalid = 1804
    case primaryKeyTypeInvalid = 1806
    case unsupportedOperation = 3000
    case requestTimeout = 10001
    case unexpected = 65535

    package var baseMessage: String {
        switch self {
        case .success: "success"
        case .notReady: "service not ready"
        case .internalError: "internal error"
        case .unimplemented: "unimplemented"
        case .collectionNotFound: "collection not found"
        case .collectionNotLoaded: "collection not loaded"
        case .illegalSchema: "illegal schema"
        case .partitionNotFound: "partition not found"
        case .partitionNotLoaded: "partition not loaded"
        case .indexNotFound: "index not found"
        case .indexTypeNotSupported: "index type not supported"
        case .indexDuplicate: "index duplicate"
        case .invalidParameter: "invalid parameter"
        case .missingParameter: "missing parameter"
        case .parameterTooLarge: "parameter too large"
        case .aliasNotFound: "alias not found"
        case .aliasConflictsWithCollection: "alias name conflicts with a collection"
        case .aliasExists: "alias exists"
        case .fieldNotFound: "field not found"
        case .notAuthenticated: "not authenticated"
        case .bodyIsNotJSON: "can only accept json format request"
        case .missingRequiredParameter: "missing required parameters"
        case .insertDataInvalid: "fail to deal the insert data"
        case .primaryKeyTypeInvalid: "fail to deal the primary key"
        case .unsupportedOperation: "unsupported operation"
        case .requestTimeout: "request timeout"
        case .unexpected: "unexpected error"
        }
    }
}
