// quiver-bench: release-build benchmarks whose output goes into docs/BENCHMARKS.md.
// Every subcommand prints one JSON line per measured point on stdout and progress on stderr.
// Run `swift build -c release` first; timings from debug builds mean nothing.

import ArgumentParser

@main
struct QuiverBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiver-bench",
        abstract: "Benchmarks for Quiver (release builds only).",
        subcommands: [IngestBenchmark.self, ScanBenchmark.self, FreshnessBenchmark.self, ReopenBenchmark.self, CompactionBenchmark.self,
                      GenerateCommand.self, AnnCommand.self, KernelBenchmark.self, FilterBenchmark.self, HTTPBenchmark.self,
                      ReadUnderIngestBenchmark.self])
}
