// Maps engine errors to API errors in one exhaustive switch over `QuiverError.Code` (an enum, so
// adding a code does not compile until it has a Milvus code here). Routes that know more (an
// insert's bad row, a missing index) pass a more precise code for invalid arguments or missing
// objects.

import Quiver
import QuiverJSON

extension QuiverError {
    /// The API error for this engine error. `invalidArgument` and `notFound` let a route name
    /// what the caller got wrong in its own terms. Codes 5 and 65535 have their detail replaced
    /// by a request id in RouteResponder before they leave the server.
    package func apiError(invalidArgument: APICode = .invalidParameter, notFound: APICode = .collectionNotFound) -> APIError {
        let apiCode: APICode = switch code {
        case .invalidArgument: invalidArgument
        case .notFound: notFound
        case .alreadyExists: .invalidParameter
        case .notLoaded: .collectionNotLoaded
        case .partitionNotLoaded: .partitionNotLoaded
        case .closed, .locked: .notReady
        case .corruption, .io, .internalError: .internalError
        }
        return APIError(apiCode, message)
    }
}
