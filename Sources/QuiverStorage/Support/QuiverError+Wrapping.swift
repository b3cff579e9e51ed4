// Wrapping lower-layer errors: a file system or catalog failure that reaches a public call must
// arrive as a QuiverError (callers match `.io`, never FileSystemError or CatalogError). Found by
// the whole-workload I/O fault loop: createCollection and open let them through raw.
// Invariants: a QuiverError passes unchanged; a damaged catalog is `.corruption`, any other
// catalog or file system failure `.io`; other errors pass unchanged.

import QuiverCatalog
import QuiverFileSystem

extension QuiverError {
    /// `error` as callers must see it, with what was being done when it happened.
    package static func wrapping(_ error: any Error, during what: String) -> any Error {
        switch error {
        case let error as QuiverError: error
        case let error as CatalogError: QuiverError(error.kind == .corrupt ? .corruption : .io, "\(what): \(error.description)")
        case let error as FileSystemError: QuiverError(.io, "\(what): \(error.description)")
        default: error
        }
    }
}
