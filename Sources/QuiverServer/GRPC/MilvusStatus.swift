// MilvusStatus: how a gRPC reply says what happened. Milvus puts every outcome in the reply's
// `Status` with gRPC OK: `code` (the same Milvus code REST answers), the legacy `error_code` that
// older clients test (CollectionNotExists, IndexNotExist, ...), and `reason`, the message. A
// failed RPC is never a gRPC error status: pymilvus retries INTERNAL, UNKNOWN and UNAVAILABLE up
// to 75 times, so only the transport (UNAUTHENTICATED, UNIMPLEMENTED) uses gRPC codes.
// Invariant: success is code 0 with error_code Success; a failure has code != 0 and a reason.

import Quiver
import QuiverGRPC
import QuiverMilvus

typealias MilvusStatus = Milvus_Proto_Common_Status

extension Milvus_Proto_Common_Status {
    /// Code 0, error_code Success.
    static var success: Milvus_Proto_Common_Status { Milvus_Proto_Common_Status() }

    /// The status of a failed request: its Milvus code, the legacy code older clients test, its message.
    init(_ error: APIError) {
        self.init()
        code = Int32(error.code.rawValue)
        errorCode = Self.legacyCode(for: error.code)
        reason = error.message
    }

    /// The status of any error a handler threw: APIError as it is, engine errors through the one
    /// mapping REST uses, anything else as an internal error without its detail.
    init(anyError error: any Error) {
        switch error {
        case let error as APIError: self.init(error)
        case let error as QuiverError: self.init(error.apiError())
        default: self.init(APIError(.internalError, "the server failed; see its log"))
        }
    }

    /// The legacy `error_code` for a Milvus code (pymilvus still tests some of them).
    static func legacyCode(for code: APICode) -> Milvus_Proto_Common_ErrorCode {
        switch code {
        case .success: .success
        case .collectionNotFound: .collectionNotExists
        case .indexNotFound: .indexNotExist
        case .indexTypeNotSupported: .illegalIndexType
        case .invalidParameter, .missingParameter, .missingRequiredParameter, .parameterTooLarge,
             .insertDataInvalid, .primaryKeyTypeInvalid, .illegalSchema, .fieldNotFound, .bodyIsNotJSON:
            .illegalArgument
        case .notAuthenticated: .permissionDenied
        case .notReady: .notReadyServe
        default: .unexpectedError
        }
    }
}

/// A reply message that carries a `status` (every MilvusService reply but bare Status).
protocol MilvusReply: Sendable {
    init()
    var status: Milvus_Proto_Common_Status { get set }
}

extension MilvusReply {
    /// An empty reply carrying the status of `error`.
    init(failure error: any Error) {
        self.init()
        status = Milvus_Proto_Common_Status(anyError: error)
    }
}

extension Milvus_Proto_Milvus_BoolResponse: MilvusReply {}
extension Milvus_Proto_Milvus_DescribeCollectionResponse: MilvusReply {}
extension Milvus_Proto_Milvus_GetCollectionStatisticsResponse: MilvusReply {}
extension Milvus_Proto_Milvus_ShowCollectionsResponse: MilvusReply {}
extension Milvus_Proto_Milvus_ShowPartitionsResponse: MilvusReply {}
extension Milvus_Proto_Milvus_GetLoadingProgressResponse: MilvusReply {}
extension Milvus_Proto_Milvus_GetLoadStateResponse: MilvusReply {}
extension Milvus_Proto_Milvus_DescribeAliasResponse: MilvusReply {}
extension Milvus_Proto_Milvus_ListAliasesResponse: MilvusReply {}
extension Milvus_Proto_Milvus_DescribeIndexResponse: MilvusReply {}
extension Milvus_Proto_Milvus_MutationResult: MilvusReply {}
extension Milvus_Proto_Milvus_SearchResults: MilvusReply {}
extension Milvus_Proto_Milvus_FlushResponse: MilvusReply {}
extension Milvus_Proto_Milvus_QueryResults: MilvusReply {}
extension Milvus_Proto_Milvus_GetFlushStateResponse: MilvusReply {}
extension Milvus_Proto_Milvus_GetCompactionStateResponse: MilvusReply {}
extension Milvus_Proto_Milvus_ManualCompactionResponse: MilvusReply {}
extension Milvus_Proto_Milvus_GetVersionResponse: MilvusReply {}
extension Milvus_Proto_Milvus_CheckHealthResponse: MilvusReply {}
extension Milvus_Proto_Milvus_ConnectResponse: MilvusReply {}
extension Milvus_Proto_Milvus_AllocTimestampResponse: MilvusReply {}
extension Milvus_Proto_Milvus_ListDatabasesResponse: MilvusReply {}
extension Milvus_Proto_Milvus_DescribeDatabaseResponse: MilvusReply {}
