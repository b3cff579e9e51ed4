// Maps engine errors to API errors in one exhaustive switch over `QuiverError.Kind`, so adding a
// kind does not compile until it has a Milvus code. Routes that know more (an insert's bad row,
// a missing index) pass a more precise code for invalid arguments or missing objects.
//
// `Kind` lives here because `QuiverError.Code` is an open struct of static lets in
// QuiverStorage; codes this server does not know map to `.unrecognized` (code 65535).

import Quiver

extension QuiverError {
    enum Kind: CaseIterable {
        case invalidArgument, notFound, alreadyExists, corruption, io, closed, locked, notLoaded, partitionNotLoaded, internalError
        case unrecognized
    }

    var kind: Kind {
        switch code {
        case .invalidArgument: .invalidArgument
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .corruption: .corruption
        case .io: .io
        case .closed: .closed
        case .locked: .locked
        case .notLoaded: .notLoaded
        case .partitionNotLoaded: .partitionNotLoaded
        case .internalError: .internalError
        default: .unrecognized
        }
    }

    /// The API error for this engine error. `invalidArgument` and `notFound` let a route name
    /// what the caller got wrong in its own terms.
    func apiError(invalidArgument: APICode = .invalidParameter, notFound: APICode = .collectionNotFound) -> APIError {
        let code: APICode
        switch kind {
        case .invalidArgument: code = invalidArgument
        case .notFound: code = notFound
        case .alreadyExists: code = .invalidParameter
        case .notLoaded: code = .collectionNotLoaded
        case .partitionNotLoaded: code = .partitionNotLoaded
        case .closed, .locked: code = .notReady
        case .corruption, .io, .internalError: code = .internalError
        case .unrecognized: code = .unexpected
        }
        return APIError(code, message)
    }
}
