// Names from lower targets that come with `import QuiverServer`, because its public API uses
// them (ServerConfiguration.limits). The rest of the Milvus model stays package-internal.

@_exported import struct QuiverMilvus.RequestLimits
