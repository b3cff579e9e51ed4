// QuiverTestSupport builds on QuiverTestOracle (the oracle, recall and test data): importing
// QuiverTestSupport brings them along.

@_exported import QuiverTestOracle
