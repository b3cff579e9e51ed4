// The daemon's whole life: log to stderr, open the data directory (refusing one another process
// holds, with code .locked; background compaction as the settings say), serve until
// SIGTERM/SIGINT, let in-flight requests finish, then close the database (flushing buffers into
// segments) before returning.
// Call once per process: it bootstraps swift-log.

import Logging
import Quiver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RESTServer {
    /// Opens the data directory, serves until SIGTERM or SIGINT, then lets in-flight requests
    /// finish, flushes and closes the database. `onListening` gets the bound "host:port".
    public static func serve(settings: ServeSettings, onListening: @escaping @Sendable (String) -> Void) async throws {
        let dataDirectory = settings.dataDirectory, configuration = settings.server
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = {
            var logger = Logger(label: "quiver.serve")
            logger.logLevel = Logger.Level(rawValue: ProcessInfoEnvironment.value("LOG_LEVEL") ?? "") ?? .info
            return logger
        }()
        let database: Database
        do {
            var options = DatabaseOptions()
            options.compaction.isEnabled = settings.backgroundCompaction
            database = try await Database.open(at: dataDirectory, options: options)
        } catch let error as QuiverError where error.code == .locked {
            throw QuiverError(.locked, "the data directory '\(dataDirectory)' is in use by another process (is another 'quiver serve' running?): \(error.message)")
        }
        logger.info("database opened", metadata: ["data": .string(dataDirectory),
                                                  "background_compaction": .stringConvertible(settings.backgroundCompaction)])
        do {
            try await run(database: database, configuration: configuration, logger: logger) { address in
                logger.info("listening", metadata: ["address": .string(address), "auth": .string(configuration.token == nil ? "off" : "bearer")])
                onListening(address)
            }
        } catch {
            logger.error("server stopped", metadata: ["error": .string("\(error)")])
            await database.close()
            throw error
        }
        logger.info("draining done; closing the database")
        await database.close()
        logger.info("database closed")
    }
}

enum ProcessInfoEnvironment {
    static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }
}
